import type { RampPlanState, TrafficServiceDocument } from "@switchboard/proxy";
import type { BackendResolver } from "../service/service-documents.js";
import { dueMs } from "./plan-document.js";
import { type GuardBaseline, guardVerdict } from "./ramp-guard.js";

/**
 * When the guards of running plans are checked, and what they say. Checks are reads of the data plane, not
 * writes, so when each plan step was last checked is kept in this process only (after a restart the first check
 * is due at once).
 */
export class GuardChecks {
  private readonly checkedAt = new Map<string, number>();

  constructor(private readonly backendFor: BackendResolver) {}

  /**
   * The guard's verdict when a check is due — every `checkEverySeconds`, and once more when the pause ends, so the
   * last step's pause is watched too — or null; `next` is told when the next check falls due.
   */
  async verdict(
    doc: TrafficServiceDocument,
    plan: RampPlanState,
    now: number,
    next: (atMs: number) => void,
  ): Promise<string | null> {
    const guard = plan.guard;
    if (guard === null || plan.stepIndex < 0) return null;
    const key = `${plan.id}/${plan.stepIndex}`;
    const last = this.checkedAt.get(key) ?? (plan.stepStartedAt ? Date.parse(plan.stepStartedAt) : now);
    const everyMs = guard.checkEverySeconds * 1000;
    const finalCheck = now >= dueMs(plan) && last < dueMs(plan);
    if (now < last + everyMs && !finalCheck) {
      next(last + everyMs);
      return null;
    }
    this.checkedAt.set(key, now);
    this.forgetOtherSteps(plan.id, key);
    next(now + everyMs);
    const backend = this.backendFor(doc);
    if (backend === null) return null;
    const figures = await backend.status(doc).catch(() => undefined);
    return guardVerdict(
      guard,
      plan.baseline,
      figures?.pools.find((p) => p.pool === plan.pool),
    );
  }

  /** The new pool's cumulative counters now, stored with a step so the guard counts from there. */
  async baseline(doc: TrafficServiceDocument, pool: string): Promise<GuardBaseline | null> {
    const backend = this.backendFor(doc);
    if (backend === null) return null;
    const figures = await backend.status(doc).catch(() => undefined);
    const found = figures?.pools.find((p) => p.pool === pool);
    return found === undefined ? null : { requestsTotal: found.requestsTotal, errorsTotal: found.errorsTotal };
  }

  private forgetOtherSteps(planId: string, keep: string): void {
    for (const key of this.checkedAt.keys()) if (key.startsWith(planId) && key !== keep) this.checkedAt.delete(key);
    if (this.checkedAt.size > 1_000) this.checkedAt.clear();
  }
}
