/** How a reference names its flag: an SDK call, a constant or enum member holding the key, or a configured pattern. */
export type ReferenceKind = "call" | "constant" | "enum" | "pattern";

/** One place in the code that uses a flag key. */
export interface CodeReference {
  flag: string;
  /** Path relative to the scanned root, with `/` separators. */
  file: string;
  /** 1-based line and column of the key (or of the call naming it through a constant). */
  line: number;
  column: number;
  kind: ReferenceKind;
  /** The SDK method, helper or pattern name that matched (`isOn`, `getBooleanValue`, `python:is_on`). */
  via: string;
  /** The source line, trimmed (at most 200 characters). */
  text: string;
  /**
   * Lines a cleanup would delete at this call: the lines of the branch that runs only when the flag is off (`on`
   * keeps the flag on, so they go) and the ones that run only when it is on. Absent when the call gates no branch.
   */
  deadLines?: { on: number; off: number };
}

/** The result of a scan: every reference, sorted by file, line and column, and how much was read. */
export interface ScanResult {
  references: CodeReference[];
  filesScanned: number;
  filesParsed: number;
}

/** Sorts references by file, line, column and flag (the order every output uses). */
export function sortReferences(references: CodeReference[]): CodeReference[] {
  return references.sort(
    (a, b) =>
      (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
      a.line - b.line ||
      a.column - b.column ||
      (a.flag < b.flag ? -1 : a.flag > b.flag ? 1 : 0),
  );
}
