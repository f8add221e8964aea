/** Where a scheduled change stands. */
export type ScheduleStatus = "pending" | "running" | "done" | "failed" | "cancelled";

/** A change to apply later: one step of a ramp plan, or any single activation. */
export interface Schedule {
  id: string;
  /** Steps of one ramp plan share a plan id. */
  planId: string | null;
  flag: string;
  environment: string;
  runAt: string;
  /** The activation to apply, e.g. `{ "op": "ramp", "rule": "jp-mac", "percent": 25 }`. */
  action: Record<string, unknown>;
  status: ScheduleStatus;
  createdBy: string;
  reason: string | null;
  error: string | null;
  appliedAt: string | null;
}
