import type { SchemaReviewFile, SchemaReviewFinding } from "@switchboard/core";

/** One line of reviewed SQL and the findings that point at it. */
export interface ReviewLine {
  number: number;
  text: string;
  findings: SchemaReviewFinding[];
}

/** The file's SQL as numbered lines, each with the findings reported on it (file-level ones on line 1). */
export function reviewLines(file: SchemaReviewFile): ReviewLine[] {
  const lines = file.sql.split("\n").map((text, i) => ({ number: i + 1, text, findings: [] as SchemaReviewFinding[] }));
  for (const finding of file.findings) {
    const line = lines[Math.min(Math.max(finding.line, 1), lines.length) - 1];
    line?.findings.push(finding);
  }
  return lines;
}
