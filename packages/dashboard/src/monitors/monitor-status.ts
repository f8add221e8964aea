import type { Alert } from "@switchboard/core";

/** One evaluated minute of `GET /monitors/{key}/status`: expected, its band and what came. */
export interface MinutePoint {
  at: string;
  expected: number;
  actual: number;
  lower: number;
  upper: number;
}

/** One hour of the budget ledger: the predicted total and the shortfall. */
export interface HourPoint {
  at: string;
  expected: number;
  shortfall: number;
}

/** `GET /monitors/{key}/status` (the server's runner state as it answers it). */
export interface MonitorStatusView {
  monitor: string;
  archived: boolean;
  evaluatedThrough: string | null;
  basis: "seasonal" | "short-window" | null;
  last: MinutePoint | null;
  minutes: MinutePoint[];
  hours: HourPoint[];
  openAlerts: Alert[];
  recentAlerts: Alert[];
}
