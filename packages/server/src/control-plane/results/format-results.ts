/** A share as a percentage with one decimal; signed (+2.1%) unless `signed` is false. */
export function formatPercent(share: number, signed = true): string {
  const text = `${(Math.abs(share) * 100).toFixed(1)}%`;
  if (!signed) return text;
  return share < 0 ? `−${text}` : `+${text}`;
}

/** "+2.1% [+0.4%, +3.8%]": a relative change with its interval. */
export function formatChange(change: { relative: number; ciLow: number; ciHigh: number }): string {
  return `${formatPercent(change.relative)} [${formatPercent(change.ciLow)}, ${formatPercent(change.ciHigh)}]`;
}

/** A p-value for people: 3 significant digits, or "< 0.0001". */
export function formatPValue(p: number): string {
  return p < 0.0001 ? "< 0.0001" : `= ${Number(p.toPrecision(3))}`;
}
