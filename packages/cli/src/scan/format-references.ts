import type { CodeReference } from "./code-reference.js";

/** The references as a table: flag, where, how, and the line. */
export function formatReferences(references: readonly CodeReference[], summary: string): string {
  if (references.length === 0) return `no flag references found (${summary})`;
  const rows = references.map((r) => [r.flag, `${r.file}:${r.line}`, r.kind, r.via, r.text]);
  const header = ["FLAG", "WHERE", "KIND", "VIA", "LINE"];
  const widths = header.map((h, i) => Math.min(60, Math.max(h.length, ...rows.map((row) => (row[i] ?? "").length))));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join("  ")
      .trimEnd();
  const flags = new Set(references.map((r) => r.flag)).size;
  return [line(header), ...rows.map(line), "", `${references.length} references to ${flags} flags (${summary})`].join(
    "\n",
  );
}
