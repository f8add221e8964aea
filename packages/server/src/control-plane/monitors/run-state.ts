/** One evaluated minute: what was expected and what came. */
export interface MinuteRecord {
  at: string;
  expected: number;
  actual: number;
  /** Lower and upper edge of the prediction band. */
  lower: number;
  upper: number;
}

/** One hour of the error-budget ledger: predicted total and shortfall (Σ max(0, expected − actual)). */
export interface HourRecord {
  at: string;
  expected: number;
  shortfall: number;
}

/** The open incident the runner is following. */
export interface IncidentState {
  alertId: string;
  onsetAt: string;
  direction: "drop" | "surge";
  /** Minutes in a row back inside the band (resolves at the policy's `recoveryMinutes`). */
  calmMinutes: number;
  spent: number;
}

/**
 * What the runner keeps per monitor in the config store (written only by the lease holder): where it got to, the
 * detector's own state, the open incident, the recent minutes (burn rates over 5 min … 6 h) and hourly ledger
 * (the budget window).
 */
export interface MonitorRunState {
  /** The first minute not evaluated yet (ISO). */
  evaluatedThrough?: string;
  detector?: unknown;
  incident?: IncidentState | null;
  minutes?: MinuteRecord[];
  hours?: HourRecord[];
  lastBasis?: "seasonal" | "short-window";
}

/** Minutes kept for burn rates (the longest minute window is 6 h). */
export const MINUTES_KEPT = 6 * 60;
/** Hours kept for the budget window (the longest allowed window is 90 days). */
export const HOURS_KEPT = 90 * 24;
