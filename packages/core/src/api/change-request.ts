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
}
