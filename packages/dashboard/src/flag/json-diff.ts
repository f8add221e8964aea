/** One line of a diff: kept, removed (only before) or added (only after). */
export interface DiffLine {
  kind: "same" | "removed" | "added";
  text: string;
}

const MAX_LINES = 600;

/** A line diff of two JSON values, pretty-printed (longest common subsequence; big documents fall back to both sides). */
export function diffJson(before: unknown, after: unknown): DiffLine[] {
  const a = before === null || before === undefined ? [] : JSON.stringify(before, null, 2).split("\n");
  const b = after === null || after === undefined ? [] : JSON.stringify(after, null, 2).split("\n");
  if (a.length > MAX_LINES || b.length > MAX_LINES) {
    return [
      ...a.map((text) => ({ kind: "removed" as const, text })),
      ...b.map((text) => ({ kind: "added" as const, text })),
    ];
  }
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      const row = lcs[i] as number[];
      row[j] = a[i] === b[j] ? (lcs[i + 1]?.[j + 1] ?? 0) + 1 : Math.max(lcs[i + 1]?.[j] ?? 0, row[j + 1] ?? 0);
    }
  }
  const out: DiffLine[] = [];
  // On a tie the removed line goes first, so a changed value reads old then new.
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      out.push({ kind: "same", text: a[i] ?? "" });
      i++;
      j++;
    } else if (j < b.length && (i >= a.length || (lcs[i]?.[j + 1] ?? 0) > (lcs[i + 1]?.[j] ?? 0))) {
      out.push({ kind: "added", text: b[j] ?? "" });
      j++;
    } else {
      out.push({ kind: "removed", text: a[i] ?? "" });
      i++;
    }
  }
  return out;
}

/** Only the changed lines with `context` unchanged lines around each; gaps become "…". */
export function compactDiff(lines: readonly DiffLine[], context = 2): (DiffLine | null)[] {
  const keep = lines.map(() => false);
  lines.forEach((line, index) => {
    if (line.kind === "same") return;
    for (let k = Math.max(0, index - context); k <= Math.min(lines.length - 1, index + context); k++) keep[k] = true;
  });
  const out: (DiffLine | null)[] = [];
  lines.forEach((line, index) => {
    if (keep[index]) out.push(line);
    else if (out.at(-1) !== null) out.push(null);
  });
  return out;
}
