import type { CodeReference } from "./code-reference.js";
import type { KeyPattern } from "./scan-config.js";

/**
 * References found by a configured pattern in a file of a language without a parser here. A match that sits after
 * the language's line-comment marker (outside a string) is a comment and is skipped.
 */
export function scanWithPatterns(file: string, text: string, patterns: readonly KeyPattern[]): CodeReference[] {
  const references: CodeReference[] = [];
  const lineStarts = lineStartsOf(text);
  for (const pattern of patterns) {
    const regex = new RegExp(
      pattern.regex.source,
      pattern.regex.flags.includes("g") ? pattern.regex.flags : `${pattern.regex.flags}g`,
    );
    for (const match of text.matchAll(regex)) {
      const key = match.groups?.["key"];
      if (key === undefined) continue;
      const keyAt = match.index + match[0].indexOf(key, match[0].search(/["'`]/) + 1);
      const line = lineOf(lineStarts, keyAt);
      const lineStart = lineStarts[line] ?? 0;
      const lineText = text.slice(lineStart, lineStarts[line + 1] ?? text.length).replace(/\r?\n$/, "");
      if (pattern.comment !== undefined && inComment(lineText, match.index - lineStart, pattern.comment)) continue;
      references.push({
        flag: key,
        file,
        line: line + 1,
        column: keyAt - lineStart + 1,
        kind: "pattern",
        via: pattern.name,
        text: lineText.trim().slice(0, 200),
      });
    }
  }
  return references;
}

/** Whether `column` of a line lies after a comment marker that is not inside a string. */
function inComment(line: string, column: number, marker: string): boolean {
  let quote: string | undefined;
  for (let i = 0; i < column; i++) {
    const char = line[i];
    if (quote !== undefined) {
      if (char === "\\") i++;
      else if (char === quote) quote = undefined;
    } else if (char === '"' || char === "'" || char === "`") {
      quote = char;
    } else if (line.startsWith(marker, i)) {
      return true;
    }
  }
  return false;
}

/** Offsets where each line starts. */
export function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  return starts;
}

/** The 0-based line holding `offset`. */
export function lineOf(lineStarts: readonly number[], offset: number): number {
  let low = 0;
  let high = lineStarts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if ((lineStarts[middle] ?? 0) <= offset) low = middle;
    else high = middle - 1;
  }
  return low;
}
