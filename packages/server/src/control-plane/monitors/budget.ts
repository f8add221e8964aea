import type { Alert, MonitorBudgetView } from "@switchboard/core";
import { burnRate, errorBudget } from "@switchboard/stats";
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
 * Budget = allowed fraction × predicted total over the window; spent = Σ max(0, expected − actual) over every
 * minute (the statistics package's `errorBudget`, fed the hourly ledger). A burn rate (`burnRate`) is the shortfall
 * over a window divided by the allowed fraction of the expected total over that window (1 = spending exactly the
 * budget's pace); minute records serve windows up to 6 h, the hourly ledger the rest. Spend per incident comes from
 * the alerts (minute-accurate: an open one from the runner's state).
 */
export function computeBudget({ monitor, budget, now, state, incidents }: BudgetInput): MonitorBudgetView {
  const windowStart = now.getTime() - budget.windowDays * 86_400_000;
  const hours = (state?.hours ?? []).filter((h) => Date.parse(h.at) >= windowStart);
  // The ledger keeps each hour's shortfall; expected − shortfall is an "actual" with exactly that shortfall.
  const hourly = {
    predicted: hours.map((h) => h.expected),
    actual: hours.map((h) => h.expected - h.shortfall),
    bucketMs: 3_600_000,
    allowedShortfall: budget.allowedFraction,
  };
  const whole = errorBudget({
    ...hourly,
    startTime: hours[0] === undefined ? windowStart : Date.parse(hours[0].at),
    spend: "every-bucket",
  });
  const minutes = state?.minutes ?? [];
  const byMinute = {
    predicted: minutes.map((m) => m.expected),
    actual: minutes.map((m) => m.actual),
    bucketMs: 60_000,
    allowedShortfall: budget.allowedFraction,
  };
  const burnRates: Record<string, number> = {};
  for (const [name, windowMinutes] of Object.entries(WINDOW_MINUTES)) {
    // Only records inside the window count: the series may end before now.
    const recent = minutes.filter((m) => Date.parse(m.at) >= now.getTime() - windowMinutes * 60_000).length;
    const recentHours = hours.filter((h) => Date.parse(h.at) >= now.getTime() - windowMinutes * 60_000).length;
    burnRates[name] =
      windowMinutes <= 360
        ? burnRate(byMinute, recent) * (recent > 0 ? 1 : 0)
        : burnRate(hourly, recentHours) * (recentHours > 0 ? 1 : 0);
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
    predicted: whole.predictedTotal,
    budget: whole.budget,
    spent: whole.spent,
    left: whole.remaining,
    tooCareful: whole.tooCareful,
    burnRates,
    burning,
    byIncident,
    byCause: [...causes].map(([cause, spent]) => ({ cause, spent })).sort((a, b) => b.spent - a.spent),
  };
}
