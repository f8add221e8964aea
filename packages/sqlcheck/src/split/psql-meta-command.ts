/** A psql meta-command (`\echo`, `\set`, `\i`, `\quit` …): run by the psql client, never sent to the server. */
export interface PsqlMetaCommand {
  /** The command words as written, e.g. `["\\echo", "\\quit"]` for `\echo Use CREATE EXTENSION. \quit`. */
  readonly commands: readonly string[];
  /** The text from the first backslash to where the meta-commands end. */
  readonly text: string;
  readonly offset: number;
  readonly line: number;
  readonly column: number;
}

/** The commands that send the query buffer to the server, as `;` does. */
const sendsBuffer = new Set(["g", "gx", "gset", "gexec", "gdesc", "crosstabview", "watch"]);

/**
 * Reads the meta-commands that start at a backslash outside quotes and comments, as psql does: each runs to the end
 * of the line, its arguments may be quoted ('…', "…", `…`) and may contain further commands (`\echo … \quit`);
 * `\\` ends them and SQL goes on after it.
 */
export function readPsqlMetaCommand(
  source: string,
  start: number,
): { end: number; resume: number; commands: string[]; sendsBuffer: boolean } {
  const lineEnd = source.indexOf("\n", start);
  const stop = lineEnd < 0 ? source.length : lineEnd;
  const commands: string[] = [];
  let quote: string | undefined;
  let i = start;
  while (i < stop) {
    const ch = source[i] as string;
    if (quote) {
      if (ch === quote) quote = undefined;
      i++;
    } else if (ch === "'" || ch === '"' || ch === "`") {
      quote = ch;
      i++;
    } else if (ch === "\\" && source[i + 1] === "\\") {
      return { end: i, resume: i + 2, commands, sendsBuffer: commands.some(isSending) };
    } else if (ch === "\\") {
      const name = /^\\([A-Za-z_]+[+]?|[!?;.:])/.exec(source.slice(i, i + 40))?.[0] ?? "\\";
      commands.push(name);
      i += name.length;
    } else i++;
  }
  return { end: stop, resume: stop, commands, sendsBuffer: commands.some(isSending) };
}

function isSending(command: string): boolean {
  return sendsBuffer.has(command.slice(1).toLowerCase());
}

/** What a reader of a linted psql script should know about a meta-command besides "not SQL, not checked". */
export function psqlMetaCommandNote(commands: readonly string[]): string {
  const names = new Set(commands.map((c) => c.slice(1).toLowerCase()));
  const notes: string[] = [];
  if (names.has("q") || names.has("quit"))
    notes.push(
      "psql stops reading at \\quit, the linter reads on (extension scripts use `\\echo … \\quit` so that only CREATE EXTENSION runs them)",
    );
  if (["i", "ir", "include", "include_relative"].some((n) => names.has(n)))
    notes.push("the included file is not read here: lint it as well");
  if (names.has("c") || names.has("connect")) notes.push("the statements after it run on another connection");
  if (names.has("if") || names.has("elif")) notes.push("every branch of \\if is linted");
  return notes.join("; ");
}
