import { mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** The counts reported per input class (the figures of the audit's summary). */
export interface ClassCounts {
  sent: number;
  status5xx: number;
  withoutErrorShape: number;
  partialWrites: number;
  acknowledgedThenLost: number;
}

/** One broken invariant, described well enough to name the defect without re-running. */
export interface Violation {
  invariant: "status<500" | "error shape" | "no partial write" | "acknowledged is kept" | "expected answer";
  request: string;
  status: number;
  body: string;
}

/** What the tally needs of an answer. */
export interface Answer {
  statusCode: number;
  body: string;
}

const MAX_SHOWN = 25;

/** Truncates text for a report line, keeping its length visible, and shows NULs and lone surrogates. */
export function preview(text: string, max = 160): string {
  const shown = text.length > max ? `${text.slice(0, max)}…(${text.length} chars)` : text;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: showing the NULs is the point.
  return shown.replace(/\u0000/g, "\\u0000").replace(/[\ud800-\udfff]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`);
}

/** Whether an error answer has the documented shape `{"error":{"code":string,"message":string,"details":array}}`. */
export function hasErrorShape(body: string): boolean {
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed !== "object" || parsed === null) return false;
    const error: unknown = (parsed as Record<string, unknown>)["error"];
    if (typeof error !== "object" || error === null) return false;
    const fields = error as Record<string, unknown>;
    return (
      typeof fields["code"] === "string" && typeof fields["message"] === "string" && Array.isArray(fields["details"])
    );
  } catch {
    return false;
  }
}

/**
 * Counts requests and broken invariants per input class of one suite, and prints the table once at the end
 * (also written to `<tmpdir>/switchboard-robustness/<suite>.json`) so the figures can be reported.
 */
export class RobustnessTally {
  readonly #counts = new Map<string, ClassCounts>();
  readonly #violations = new Map<string, Violation[]>();

  constructor(readonly suite: string) {}

  /**
   * Counts one answer of `inputClass` and checks the invariants every answer must hold; `cause` (what the server
   * logged) goes into the report only.
   */
  record(inputClass: string, request: string, answer: Answer, cause = ""): void {
    const counts = this.countsOf(inputClass);
    counts.sent++;
    const reported = cause === "" ? answer : { ...answer, body: `${answer.body} [server log: ${cause}]` };
    if (answer.statusCode >= 500) {
      counts.status5xx++;
      this.violate(inputClass, "status<500", request, reported);
    }
    if (answer.statusCode >= 400 && !hasErrorShape(answer.body)) {
      counts.withoutErrorShape++;
      this.violate(inputClass, "error shape", request, reported);
    }
  }

  /** A rejected write that changed the store anyway. */
  partialWrite(inputClass: string, request: string, answer: Answer, difference: string): void {
    this.countsOf(inputClass).partialWrites++;
    this.violate(inputClass, "no partial write", request, { ...answer, body: `${difference} | ${answer.body}` });
  }

  /** Items answered 2xx that cannot be found afterwards. */
  lost(inputClass: string, request: string, answer: Answer, count: number): void {
    this.countsOf(inputClass).acknowledgedThenLost += count;
    this.violate(inputClass, "acknowledged is kept", request, answer);
  }

  /** An answer other than the one the documentation promises (used by the principal matrix). */
  unexpected(inputClass: string, request: string, answer: Answer): void {
    this.violate(inputClass, "expected answer", request, answer);
  }

  countsOf(inputClass: string): ClassCounts {
    let counts = this.#counts.get(inputClass);
    if (counts === undefined) {
      counts = { sent: 0, status5xx: 0, withoutErrorShape: 0, partialWrites: 0, acknowledgedThenLost: 0 };
      this.#counts.set(inputClass, counts);
    }
    return counts;
  }

  /** The violations of a class as report lines (the first 25, then how many more): `[]` when it held. */
  report(inputClass: string): string[] {
    const violations = this.#violations.get(inputClass) ?? [];
    const lines = violations
      .slice(0, MAX_SHOWN)
      .map((v) => `${v.invariant}: ${preview(v.request, 300)} → ${v.status} ${preview(v.body, 300)}`);
    if (violations.length > MAX_SHOWN) lines.push(`…and ${violations.length - MAX_SHOWN} more`);
    return lines;
  }

  /** Prints the per-class table and writes it as JSON under the OS temp directory. */
  print(): void {
    const rows = [...this.#counts].map(([inputClass, counts]) => ({ suite: this.suite, class: inputClass, ...counts }));
    const header = "class | sent | 5xx | without error shape | partial writes | acknowledged then lost";
    const lines = rows.map(
      (r) =>
        `${r.class} | ${r.sent} | ${r.status5xx} | ${r.withoutErrorShape} | ${r.partialWrites} | ${r.acknowledgedThenLost}`,
    );
    console.log(`robustness summary: ${this.suite}\n${header}\n${lines.join("\n")}`);
    const dir = join(tmpdir(), "switchboard-robustness");
    mkdirSync(dir, { recursive: true });
    // Every violation (bodies shortened), for grouping by route or defect after a run.
    const violations = [...this.#violations].flatMap(([inputClass, list]) =>
      list.map((v) => ({ class: inputClass, ...v, request: preview(v.request, 300), body: preview(v.body, 600) })),
    );
    writeFileSync(join(dir, `${this.suite}.json`), `${JSON.stringify({ rows, violations }, null, 2)}\n`);
  }

  private violate(inputClass: string, invariant: Violation["invariant"], request: string, answer: Answer): void {
    const list = this.#violations.get(inputClass) ?? [];
    list.push({ invariant, request, status: answer.statusCode, body: answer.body });
    this.#violations.set(inputClass, list);
  }
}
