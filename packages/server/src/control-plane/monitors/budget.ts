import type { Alert, MonitorBudgetView } from "@switchboard/core";
import type { MonitorRunState } from "./run-state.js";

/** The SRE workbook multi-window pairs: burn rate over both windows above the factor. */
export const BURN_PAIRS = [
  { name: "14.4x over 1h and 5m", factor: 14.4, long: "1h", short: "5m" },
  { name: "6x over 6h and 30m", factor: 6, long: "6h", short: "30m" },
  { name: "1x over 3d and 6h", factor: 1, long: "3d", short: "6h" },
] as const;

const WINDOW_MINUTES: Record<string, number> = { "5m": 5, "30m": 30, "1h": 60, "6h": 360, "3d": 4320 };

interface BudgetInput {
  monitor: string;
  budget: { allowedFraction: number; windowDays: number };
  now: Date;
  state: MonitorRunState | undefined;
  incidents: readonly Alert[];
}

/**
 * Budget = allowed fraction × predicted total over the window; spent = Σ max(0, expected − actual). A burn rate
 * is the shortfall over a window divided by the allowed fraction of the expected total over that window (1 =
 * spending exactly the budget's pace). Minute records serve windows up to 6 h, the hourly ledger the rest.
 */
export function computeBudget({ monitor, budget, now, state, incidents }: BudgetInput): MonitorBudgetView {
  const windowStart = now.getTime() - budget.windowDays * 86_400_000;
  const hours = (state?.hours ?? []).filter((h) => Date.parse(h.at) >= windowStart);
  const predicted = hours.reduce((sum, h) => sum + h.expected, 0);
  const spent = hours.reduce((sum, h) => sum + h.shortfall, 0);
  const total = predicted * budget.allowedFraction;
  const burnRates: Record<string, number> = {};
  for (const [name, minutes] of Object.entries(WINDOW_MINUTES)) {
    const from = now.getTime() - minutes * 60_000;
    const records =
      minutes <= 360
        ? (state?.minutes ?? [])
            .filter((m) => Date.parse(m.at) >= from)
            .map((m) => ({ e: m.expected, s: Math.max(0, m.expected - m.actual) }))
        : (state?.hours ?? []).filter((h) => Date.parse(h.at) >= from).map((h) => ({ e: h.expected, s: h.shortfall }));
    const expected = records.reduce((sum, r) => sum + r.e, 0);
    const short = records.reduce((sum, r) => sum + r.s, 0);
    burnRates[name] = expected > 0 ? short / (expected * budget.allowedFraction) : 0;
  }
  const burning = BURN_PAIRS.filter(
    (p) => (burnRates[p.long] ?? 0) > p.factor && (burnRates[p.short] ?? 0) > p.factor,
  ).map((p) => p.name);
  // An open incident's spend so far lives in the runner's state; a resolved one's on the alert.
  const open = state?.incident ?? null;
  const byIncident = incidents.map((a) => ({
    alertId: a.id,
    onsetAt: a.onsetAt,
    spent: a.resolvedAt === null && open?.alertId === a.id ? open.spent : a.spent,
    cause: a.cause === null ? null : `${a.cause.kind} ${a.cause.subject}`,
  }));
  const causes = new Map<string, number>();
  for (const incident of byIncident) {
    const cause = incident.cause ?? "unattributed";
    causes.set(cause, (causes.get(cause) ?? 0) + incident.spent);
  }
  return {
    monitor,
    allowedFraction: budget.allowedFraction,
    windowDays: budget.windowDays,
    predicted,
    budget: total,
    spent,
    left: total - spent,
    burnRates,
    burning,
    byIncident,
    byCause: [...causes].map(([cause, s]) => ({ cause, spent: s })).sort((a, b) => b.spent - a.spent),
  };
}
