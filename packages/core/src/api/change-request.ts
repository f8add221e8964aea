/** A flag as stored (the model's `Flag`; this entry imports nothing outside its folder). */
export type ChangeRequestFlag = Record<string, unknown>;

/**
 * Where a change request stands: `pending` awaits a decision; `scheduled` is approved for a later time; `applied`,
 * `rejected`, `cancelled` and `failed` (approved, but the flags changed since) are final.
 */
export type ChangeRequestStatus = "pending" | "scheduled" | "applied" | "rejected" | "cancelled" | "failed";

/** One flag as the request would leave it: `before` null creates it, `after` null archives it. */
export interface ChangeRequestFlagChange {
  key: string;
  /** The version the change was computed from; the request applies only while the flag is still at it. */
  expectedVersion: number | null;
  before: ChangeRequestFlag | null;
  after: ChangeRequestFlag | null;
}

/** One segment as the request would leave it: `before` null creates it, `after` null archives it. */
export interface ChangeRequestSegmentChange {
  key: string;
  /** The version the change was computed from; the request applies only while the segment is still at it. */
  expectedVersion: number | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

/** Where the webhook message of one step of a change request stands. */
export interface ChangeRequestDelivery {
  /** The step the message tells of (`proposed`, `approved`, …). */
  event: string;
  /** The `webhook-id` header, the same on every attempt, so a receiver can drop repeats. */
  id: string;
  status: "pending" | "delivered" | "failed";
  attempts: number;
  /** The last answer's HTTP status, or null when no answer came (network error, timeout). */
  lastStatus: number | null;
  lastError: string | null;
  updatedAt: string;
}

/** A change to a protected environment waiting for (or past) a second person's approval. */
export interface ChangeRequest {
  id: string;
  version: number;
  status: ChangeRequestStatus;
  /** What the change does, e.g. `ramp checkout in production`. */
  summary: string;
  /** The protected environments it changes. */
  environments: string[];
  changes: ChangeRequestFlagChange[];
  /** The segments it changes (a segment change is held where a flag's rule uses the segment). */
  segments: ChangeRequestSegmentChange[];
  reason: string | null;
  proposedBy: string;
  proposedAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionReason: string | null;
  /** When an approved request applies (approval time when given none). */
  applyAt: string | null;
  appliedAt: string | null;
  /** Why an approved request could not apply. */
  error: string | null;
  /** Where each step's webhook message stands (none when no webhook is configured). */
  deliveries: ChangeRequestDelivery[];
}
