import type { MonitorBudgetView } from "@switchboard/core";

/** Below this share of the budget spent, the monitor's change process is likely too careful (SRE workbook). */
export const TOO_CAREFUL_SPENT = 0.05;

/** The budget bar: the share left (0..1), a level in words and whether the budget is barely touched. */
export interface BudgetBar {
  leftShare: number;
  spentShare: number;
  level: "no data" | "healthy" | "low" | "exhausted";
  tooCareful: boolean;
}

export function budgetBar(view: Pick<MonitorBudgetView, "budget" | "spent">): BudgetBar {
  if (!(view.budget > 0)) return { leftShare: 1, spentShare: 0, level: "no data", tooCareful: false };
  const spentShare = Math.max(0, view.spent / view.budget);
  const leftShare = Math.min(1, Math.max(0, 1 - spentShare));
  const level = spentShare >= 1 ? "exhausted" : leftShare < 0.25 ? "low" : "healthy";
  return { leftShare, spentShare, level, tooCareful: spentShare < TOO_CAREFUL_SPENT };
}

/** The SRE workbook's multi-window pairs with both windows' burn rates. */
export const BURN_PAIRS = [
  { factor: 14.4, long: "1h", short: "5m", meaning: "page: 2% of the budget in an hour" },
  { factor: 6, long: "6h", short: "30m", meaning: "page: 5% of the budget in 6 hours" },
  { factor: 1, long: "3d", short: "6h", meaning: "ticket: 10% of the budget in 3 days" },
] as const;

export interface BurnPairRow {
  label: string;
  meaning: string;
  factor: number;
  longRate: number;
  shortRate: number;
  burning: boolean;
}

/** One row per pair: burning when both windows exceed the factor (the server's rule, recomputed for display). */
export function burnPairRows(rates: Readonly<Record<string, number>>): BurnPairRow[] {
  return BURN_PAIRS.map((p) => {
    const longRate = rates[p.long] ?? 0;
    const shortRate = rates[p.short] ?? 0;
    return {
      label: `${p.factor}× over ${p.long} and ${p.short}`,
      meaning: p.meaning,
      factor: p.factor,
      longRate,
      shortRate,
      burning: longRate > p.factor && shortRate > p.factor,
    };
  });
}

/** Counts as people read them: thousands separated, at most one decimal below 100. */
export function formatAmount(value: number): string {
  const digits = Math.abs(value) < 100 && !Number.isInteger(value) ? 1 : 0;
  return value.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

/** A share as a percentage ("99.5%", "0.5%"). */
export function formatShare(share: number): string {
  const percent = share * 100;
  return `${percent.toLocaleString("en-US", { maximumFractionDigits: percent < 10 ? 2 : 1 })}%`;
}

/** A burn rate as a multiple of the budget's pace ("0.4×"). */
export function formatRate(rate: number): string {
  return `${rate.toLocaleString("en-US", { maximumFractionDigits: rate < 10 ? 2 : 1 })}×`;
}
