/** How the experiment page writes its numbers: one place, so the table, the bars and the links agree. */

const DASH = "—";

function finite(value: number | null | undefined): value is number {
  return typeof value === "number" && Number.isFinite(value);
}

function signed(text: string, value: number): string {
  return value > 0 ? `+${text}` : value < 0 ? `−${text.replace(/^-/, "")}` : text;
}

// Three significant digits reads well for means from 0.004 to 40,000; thousands get separators.
function number(value: number): string {
  const abs = Math.abs(value);
  if (abs === 0) return "0";
  if (abs >= 1000) return Math.round(value).toLocaleString("en-US");
  return Number(value.toPrecision(3)).toString();
}

/** A share as a percentage with the precision a reader needs to tell two arms apart: 0.2345 → "23.45%". */
export function formatShare(value: number | null | undefined): string {
  if (!finite(value)) return DASH;
  const percent = value * 100;
  return `${Math.abs(percent) >= 10 ? percent.toFixed(1) : percent.toFixed(2)}%`;
}

/** A variation's value: a rate for proportions, a plain number for means, ratios and quantiles. */
export function formatValue(kind: string, value: number | null | undefined): string {
  if (!finite(value)) return DASH;
  return kind === "proportion" ? formatShare(value) : number(value);
}

/** A relative change with its sign: 0.021 → "+2.1%", −0.5 → "−50%". */
export function formatRelative(value: number | null | undefined): string {
  if (!finite(value)) return DASH;
  const percent = value * 100;
  const abs = Math.abs(percent);
  const text = abs >= 100 ? percent.toFixed(0) : abs >= 10 ? percent.toFixed(1) : percent.toFixed(2);
  return signed(`${text.replace(/^-/, "")}%`, Number(text));
}

/** An absolute change with its sign; proportions change by percentage points. */
export function formatAbsolute(kind: string, value: number | null | undefined): string {
  if (!finite(value)) return DASH;
  if (kind === "proportion") {
    const points = value * 100;
    const text = Math.abs(points) >= 10 ? points.toFixed(1) : points.toFixed(2);
    return signed(`${text.replace(/^-/, "")} pp`, Number(text));
  }
  const text = number(value);
  return signed(text.replace(/^-/, ""), Number(value.toPrecision(3)));
}

/** An interval of relative changes: "[+0.40%, +3.8%]". */
export function formatInterval(low: number | null | undefined, high: number | null | undefined): string {
  if (!finite(low) || !finite(high)) return DASH;
  return `[${formatRelative(low)}, ${formatRelative(high)}]`;
}

/** A p-value as papers write it: "< 0.001" below a thousandth, else three decimals. */
export function formatPValue(value: number | null | undefined): string {
  if (!finite(value)) return DASH;
  if (value < 0.001) return "< 0.001";
  return value.toFixed(3);
}

/** A probability such as the chance to beat control: "97.3%"; the extremes say so instead of 100%. */
export function formatChance(value: number | null | undefined): string {
  if (!finite(value)) return DASH;
  if (value > 0.999) return "> 99.9%";
  if (value < 0.001) return "< 0.1%";
  return `${(value * 100).toFixed(1)}%`;
}

/** A count of units with separators: 1234567 → "1,234,567". */
export function formatCount(value: number): string {
  return finite(value) ? Math.round(value).toLocaleString("en-US") : DASH;
}

/** A time metric's change as compute per day at the observed traffic: "+41 CPU-h/day", "−3.2 CPU-s/day". */
export function formatCostPerDay(cost: { milliseconds: number; cpuHours: number } | undefined): string | null {
  if (cost === undefined || !finite(cost.cpuHours) || !finite(cost.milliseconds)) return null;
  const hours = Math.abs(cost.cpuHours);
  const text = hours >= 0.1 ? `${number(hours)} CPU-h/day` : `${number(Math.abs(cost.milliseconds) / 1000)} CPU-s/day`;
  return signed(text, cost.milliseconds);
}

/** How long until a change would be detectable: "1% detectable now", "1% detectable in 3 more days". */
export function formatDaysUntil(until: { relativeEffect: number; days: number } | null | undefined): string | null {
  if (until === null || until === undefined || !finite(until.days)) return null;
  const effect = `${Number((until.relativeEffect * 100).toPrecision(3))}%`;
  if (until.days <= 0) return `a ${effect} change is detectable now`;
  const days = Math.ceil(until.days);
  return `a ${effect} change needs ${formatCount(days)} more day${days === 1 ? "" : "s"}`;
}
