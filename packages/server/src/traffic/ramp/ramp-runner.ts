import type { RampPlanState, ServiceRef, TrafficServiceDocument } from "@switchboard/proxy";
import type { WriteContext } from "../../kernel/index.js";
import { AppError, withReason } from "../../kernel/index.js";
import type { StoredDocument } from "../../store/index.js";
import { loadService } from "../service/service-documents.js";
import type { RampInput } from "../service/traffic-schemas.js";
import type { TrafficService } from "../service/traffic-service.js";
import { GuardChecks } from "./guard-checks.js";
import { dueMs, newPlan, withPlanAborted, withPlanDone, withStep } from "./plan-document.js";

/** How often the runner looks for plans it must move on, and where it reports failures. */
export interface RampRunnerOptions {
  /** Longest wait between two passes (plans started by another server are picked up within this). */
  tickMs?: number;
  onError?: (error: unknown) => void;
}

/**
 * Runs `POST …/ramp`: weights at once, or a plan whose steps apply one by one, each a change, guarded by stats.
 * A plan lives in its service document (step in place, when the next is due, the guard's baseline), so any server
 * on the same store carries it on after a restart. Every step is a compare-and-swap write that expects the step
 * before it, so in a cluster each step is applied exactly once, whichever server gets there first.
 */
export class RampRunner {
  private pass: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  private readonly guards: GuardChecks;
  private readonly tickMs: number;
  private soonestMs = Number.POSITIVE_INFINITY;

  constructor(
    private readonly traffic: TrafficService,
    private readonly options: RampRunnerOptions = {},
  ) {
    this.tickMs = options.tickMs ?? 1_000;
    this.guards = new GuardChecks(traffic.deps.backendFor);
  }

  /** Starts moving running plans on by the clock: plans left by a previous start resume at once. */
  start(): void {
    this.wake(0);
  }

  /** Applies weights (200) or starts a plan (202); the first step applies right away. */
  async ramp(ref: ServiceRef, body: RampInput, context: WriteContext) {
    const ctx = withReason(context, body.reason);
    if ((body.weights === undefined) === (body.plan === undefined)) {
      throw new AppError("VALIDATION_FAILED", "Give either weights or plan.", [
        { path: "", message: "needs exactly one of weights and plan" },
      ]);
    }
    if (body.weights !== undefined) return { status: 200, doc: await this.traffic.rampTo(ref, body.weights, ctx) };
    const plan = body.plan;
    if (plan === undefined) throw new Error("unreachable");
    const doc = await this.traffic.mutate(ref, {
      action: "traffic.plan.start",
      context: ctx,
      change: (current) => ({ ...current, plan: newPlan(current, plan, ctx, this.now().toISOString()) }),
      push: async () => {},
    });
    if (!this.closed) void this.runOnce().catch((error) => this.options.onError?.(error));
    return { status: 202, doc };
  }

  /** Cancels a running plan, leaving the current split in place. */
  cancel(ref: ServiceRef, context: WriteContext): Promise<StoredDocument<TrafficServiceDocument>> {
    return this.traffic.mutate(ref, {
      action: "traffic.plan.cancel",
      context,
      change: (doc) => {
        if (doc.plan?.status !== "running")
          throw new AppError("CONFLICT", `Service ${doc.name} has no running ramp plan.`);
        const at = this.now().toISOString();
        const outcome = `cancelled by ${context.actor}`;
        return { ...doc, plan: { ...doc.plan, status: "cancelled", endedAt: at, outcome, dueAt: null } };
      },
      push: async () => {},
    });
  }

  /** One pass over every running plan: applies due steps, checks guards, finishes plans whose last pause ended. */
  runOnce(): Promise<void> {
    const run = async () => {
      const docs = await this.traffic.deps.store.listDocuments<TrafficServiceDocument>("service");
      for (const doc of docs) {
        if (this.closed) return;
        if (doc.body.plan?.status !== "running") continue;
        await this.advance(doc.body).catch((error: unknown) => {
          // Another server wrote first (it took the step) or the data plane is down: the next pass tries again.
          if (!(error instanceof AppError && error.code === "CONFLICT")) this.options.onError?.(error);
        });
      }
    };
    this.pass = this.pass.then(run, run);
    return this.pass;
  }

  /** Stops the runner after the pass in progress (plans stay `running` in the store for the next start). */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    await this.pass.catch(() => undefined);
  }

  private wake(inMs: number): void {
    if (this.closed) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      void this.runOnce()
        .catch((error) => this.options.onError?.(error))
        .then(() => this.wake(this.untilNextDue()));
    }, inMs);
    this.timer.unref();
  }

  private untilNextDue(): number {
    const wait = this.soonestMs - this.now().getTime();
    this.soonestMs = Number.POSITIVE_INFINITY;
    return Math.min(this.tickMs, Math.max(5, wait));
  }

  private note(atMs: number): void {
    this.soonestMs = Math.min(this.soonestMs, atMs);
  }

  /** Moves one plan on as far as the clock allows (several steps when pauses are short). */
  private async advance(ref: ServiceRef): Promise<void> {
    for (let moves = 0; moves <= 100 && !this.closed; moves++) {
      const { body } = await loadService(this.traffic.deps.store, ref);
      const plan = body.plan;
      if (plan === null || plan.status !== "running") return;
      const now = this.now().getTime();
      const due = dueMs(plan);
      const tripped = await this.guards.verdict(body, plan, now, (atMs) => this.note(atMs));
      if (tripped !== null) return void (await this.abort(ref, plan, tripped));
      if (now < due) return void this.note(due);
      if (plan.stepIndex >= plan.steps.length - 1) return void (await this.finish(ref, plan));
      await this.step(body, plan, plan.stepIndex + 1);
    }
  }

  private async step(doc: TrafficServiceDocument, plan: RampPlanState, index: number): Promise<void> {
    const context = planContext(plan, `step ${index + 1}`);
    const baseline = plan.guard === null ? null : await this.guards.baseline(doc, plan.pool);
    await this.planChange(doc, plan, "traffic.ramp", context, (current, running) =>
      withStep(current, running, index, this.traffic.stamp("traffic.ramp", context), baseline),
    );
  }

  private finish(ref: ServiceRef, plan: RampPlanState) {
    const context = planContext(plan, "done");
    return this.planChange(ref, plan, "traffic.plan.done", context, (current, running) =>
      withPlanDone(current, running, this.now().toISOString()),
    );
  }

  private abort(ref: ServiceRef, plan: RampPlanState, why: string) {
    const context: WriteContext = { actor: "guard", role: "admin", reason: `ramp guard: ${why}` };
    return this.planChange(ref, plan, "traffic.back", context, (current, running) =>
      withPlanAborted(current, running, this.traffic.stamp("traffic.back", context), why),
    );
  }

  /**
   * A write that applies only while the plan is still running at the step this process saw, so two servers that
   * both find a step due write it once (the second finds the plan moved on, or loses the compare-and-swap).
   */
  private async planChange(
    ref: ServiceRef,
    seen: RampPlanState,
    action: string,
    context: WriteContext,
    change: (doc: TrafficServiceDocument, plan: RampPlanState) => TrafficServiceDocument,
  ): Promise<void> {
    const recordOnly = action === "traffic.plan.done";
    try {
      await this.traffic.mutate(ref, {
        action,
        context,
        change: (current) => {
          const plan = current.plan;
          if (plan?.id !== seen.id || plan.status !== "running" || plan.stepIndex !== seen.stepIndex) {
            throw new PlanMoved();
          }
          return change(current, plan);
        },
        ...(recordOnly ? { push: async () => {} } : {}),
      });
    } catch (error) {
      if (!(error instanceof PlanMoved)) throw error;
    }
  }

  private now(): Date {
    return this.traffic.deps.clock.now();
  }
}

class PlanMoved extends Error {}

/** Steps are changes by the person who started the plan, with the plan's reason and which step it was. */
function planContext(plan: RampPlanState, what: string): WriteContext {
  return { actor: plan.startedBy, role: "editor", reason: `${plan.reason ?? `ramp plan to ${plan.pool}`} (${what})` };
}
