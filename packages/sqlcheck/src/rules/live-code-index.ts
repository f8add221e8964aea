/**
 * Which code still reads a table or column, and whether that code can run for someone. The input joins three
 * things a team already has: the flags and their state per environment (the control plane), the code references of
 * flag keys (`switchboard scan`'s output), and where columns are read (a listing file or the same scanner).
 */

/** The state of a flag in one environment: `off` serves everyone the default, `on` serves everyone the new code. */
export type FlagRolloutState = "off" | "partial" | "on";

export interface LiveCodeFlag {
  readonly key: string;
  readonly environments: Readonly<Record<string, FlagRolloutState>>;
}

/** A use of a flag key in code, as `switchboard scan` reports it. */
export interface FlagCodeReference {
  readonly flag: string;
  readonly file: string;
  readonly line: number;
}

/**
 * Code that reads a table (or one of its columns). `flag` names the flag guarding it when known; otherwise the flags
 * referenced in the same file are taken to guard it. `when` says which side of the flag reads it: `off` is the old
 * path (live until the flag is on everywhere), `on` the new path (live once the flag is not off somewhere).
 */
export interface ColumnUsage {
  readonly table: string;
  readonly column?: string;
  readonly file: string;
  readonly line: number;
  readonly flag?: string;
  readonly when?: "off" | "on" | "any";
}

export interface LiveCodeInput {
  readonly flags?: readonly LiveCodeFlag[];
  readonly codeReferences?: readonly FlagCodeReference[];
  readonly columnUsage?: readonly ColumnUsage[];
}

/** A reader of a table or column that can still run, and why. */
export interface LiveReader {
  readonly file: string;
  readonly line: number;
  readonly reason: string;
}

const norm = (name: string) => name.replace(/[`"]/g, "").toLowerCase().split(".").at(-1) ?? "";

export class LiveCodeIndex {
  private readonly flags: Map<string, LiveCodeFlag>;
  private readonly flagsByFile = new Map<string, Set<string>>();

  constructor(private readonly input: LiveCodeInput = {}) {
    this.flags = new Map((input.flags ?? []).map((f) => [f.key, f]));
    for (const reference of input.codeReferences ?? []) {
      const set = this.flagsByFile.get(reference.file) ?? new Set<string>();
      set.add(reference.flag);
      this.flagsByFile.set(reference.file, set);
    }
  }

  get isEmpty(): boolean {
    return (this.input.columnUsage ?? []).length === 0;
  }

  /** The readers of `table` (any column when `column` is undefined) that can still run somewhere. */
  liveReaders(table: string, column?: string): LiveReader[] {
    return (this.input.columnUsage ?? [])
      .filter(
        (usage) =>
          norm(usage.table) === norm(table) &&
          (column === undefined || usage.column === undefined || norm(usage.column) === norm(column)),
      )
      .flatMap((usage) => {
        const reason = this.whyLive(usage);
        return reason ? [{ file: usage.file, line: usage.line, reason }] : [];
      });
  }

  private whyLive(usage: ColumnUsage): string | undefined {
    const guards = usage.flag ? [usage.flag] : [...(this.flagsByFile.get(usage.file) ?? [])];
    if (guards.length === 0) return "no flag guards it: it runs for everyone";
    const reasons = guards.flatMap((key) => {
      const flag = this.flags.get(key);
      if (!flag) return [`flag ${key} is referenced but its state is unknown`];
      const when = usage.when ?? "off";
      const live = Object.entries(flag.environments).filter(([, state]) =>
        when === "off" ? state !== "on" : when === "on" ? state !== "off" : true,
      );
      return live.map(([environment, state]) => `flag ${key} is ${state} in ${environment}`);
    });
    return reasons.length > 0 ? reasons.join("; ") : undefined;
  }
}
