import { randomUUID } from "node:crypto";
import { parseInput } from "../../activation/parse-input.js";
import type { WriteContext } from "../../activation/write-context.js";
import { AppError } from "../../errors/app-error.js";
import type { StoredDocument } from "../../store/config-store.js";
import type { PoolStatus, RampPlanState, ServiceRef, TrafficServiceDocument } from "../model/traffic-model.js";
import { backTo, requirePool, targetOfWeights, withRouting } from "../service/routing-rules.js";
import { RampSchema } from "../service/traffic-schemas.js";
import { type TrafficService, withReason } from "../service/traffic-service.js";
import { guardVerdict, guardWithDefaults } from "./ramp-guard.js";

/** Waits `ms`, or less when `signal` aborts. */
export type Sleep = (ms: number, signal: AbortSignal) => Promise<void>;

const realSleep: Sleep = (ms, signal) =>
  new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => {
      clearTimeout(timer);
      resolve();
    });
  });

/** Runs `POST …/ramp`: weights at once, or a plan whose steps apply one by one, each a change, guarded by stats. */
export class RampRunner {
  private readonly stop = new AbortController();
  private readonly running = new Set<Promise<void>>();

  constructor(
    private readonly traffic: TrafficService,
    private readonly sleep: Sleep = realSleep,
  ) {}

  /** Applies weights (200) or starts a plan (202); the plan's steps run in the background of this server. */
  async ramp(ref: ServiceRef, input: unknown, context: WriteContext) {
    const body = parseInput(RampSchema, input);
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
      change: (current) => ({ ...current, plan: newPlan(current, plan, ctx, this.traffic.stamp("", ctx).at) }),
      push: async () => {},
    });
    const started = doc.body.plan;
    if (started !== null) this.track(this.runPlan(ref, started.id, ctx));
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
        const at = this.traffic.stamp("", context).at;
        return {
          ...doc,
          plan: { ...doc.plan, status: "cancelled", endedAt: at, outcome: `cancelled by ${context.actor}` },
        };
      },
      push: async () => {},
    });
  }

  /** Stops every plan loop of this process (plans stay `running` in the store until resumed or cancelled). */
  async close(): Promise<void> {
    this.stop.abort();
    await Promise.allSettled([...this.running]);
  }

  private track(run: Promise<void>): void {
    this.running.add(run);
    void run.finally(() => this.running.delete(run));
  }

  private async runPlan(ref: ServiceRef, planId: string, context: WriteContext): Promise<void> {
    try {
      for (let index = 0; !this.stop.signal.aborted; index++) {
        const doc = await this.step(ref, planId, index, context);
        const plan = doc?.body.plan;
        const step = plan?.steps[index];
        if (doc === undefined || plan === undefined || plan === null || step === undefined) return;
        // The last step's pause is watched too: a guard can take back the final state.
        const tripped = await this.watch(doc.body, plan, step.pauseSeconds);
        if (tripped !== null) return void (await this.abort(ref, planId, tripped, context));
        if (index === plan.steps.length - 1) return void (await this.finish(ref, planId, context));
      }
    } catch {
      // A step that failed (data plane down, conflict) leaves the plan where it is; status shows it running.
    }
  }

  private step(ref: ServiceRef, planId: string, index: number, context: WriteContext) {
    const stepContext = { ...context, reason: `${context.reason ?? "ramp plan"} (step ${index + 1})` };
    return this.planChange(ref, planId, "traffic.ramp", stepContext, (current, plan) => {
      const step = plan.steps[index];
      if (step === undefined) throw new PlanGone();
      const weights = { [plan.from]: 100 - step.percent, [plan.pool]: step.percent };
      const target = targetOfWeights(current, weights);
      const routed = withRouting(
        current,
        { ...current.routing, target },
        this.traffic.stamp("traffic.ramp", stepContext),
      );
      return { ...routed, plan: { ...plan, stepIndex: index } };
    });
  }

  private finish(ref: ServiceRef, planId: string, context: WriteContext) {
    return this.planChange(
      ref,
      planId,
      "traffic.plan.done",
      context,
      (current, plan) => {
        const endedAt = this.traffic.stamp("", context).at;
        return { ...current, plan: { ...plan, status: "done", endedAt, outcome: "done" } };
      },
      true,
    );
  }

  /** A change to a service while its plan `planId` is still running; undefined when the plan was cancelled. */
  private planChange(
    ref: ServiceRef,
    planId: string,
    action: string,
    context: WriteContext,
    change: (doc: TrafficServiceDocument, plan: RampPlanState) => TrafficServiceDocument,
    recordOnly = false,
  ): Promise<StoredDocument<TrafficServiceDocument> | undefined> {
    return this.traffic
      .mutate(ref, {
        action,
        context,
        change: (current) => {
          const plan = current.plan;
          if (plan?.id !== planId || plan.status !== "running") throw new PlanGone();
          return change(current, plan);
        },
        ...(recordOnly ? { push: async () => {} } : {}),
      })
      .catch((error: unknown) => {
        if (error instanceof PlanGone) return undefined;
        throw error;
      });
  }

  private async watch(doc: TrafficServiceDocument, plan: RampPlanState, pauseSeconds: number): Promise<string | null> {
    const backend = this.traffic.deps.backendFor(doc);
    const deadline = Date.now() + pauseSeconds * 1000;
    const poolOf = async (): Promise<PoolStatus | undefined> =>
      backend === null ? undefined : (await backend.status(doc)).pools.find((p) => p.pool === plan.pool);
    const baseline = plan.guard === null ? undefined : await poolOf().catch(() => undefined);
    while (!this.stop.signal.aborted && Date.now() < deadline) {
      const waitMs = Math.min(deadline - Date.now(), (plan.guard?.checkEverySeconds ?? pauseSeconds) * 1000);
      await this.sleep(Math.max(0, waitMs), this.stop.signal);
      if (plan.guard === null) continue;
      const verdict = guardVerdict(plan.guard, baseline, await poolOf().catch(() => undefined));
      if (verdict !== null) return verdict;
    }
    return null;
  }

  private async abort(ref: ServiceRef, planId: string, why: string, context: WriteContext): Promise<void> {
    const guardContext = { ...context, actor: "guard", reason: `ramp guard: ${why}` };
    await this.planChange(ref, planId, "traffic.back", guardContext, (doc, plan) => {
      // Each applied step pushed one history entry: going back that many returns to the state before the plan.
      const index = Math.max(0, doc.history.length - (plan.stepIndex + 1));
      const back = backTo(doc, index, this.traffic.stamp("traffic.back", guardContext));
      return { ...back, plan: { ...plan, status: "aborted", endedAt: back.current.at, outcome: why } };
    });
  }
}

class PlanGone extends Error {}

function newPlan(
  doc: TrafficServiceDocument,
  input: NonNullable<ReturnType<typeof parseInput<typeof RampSchema>>["plan"]>,
  context: WriteContext,
  at: string,
): RampPlanState {
  requirePool(doc, input.pool, "plan.pool");
  const from = input.from ?? (doc.routing.target.kind === "pool" ? doc.routing.target.pool : undefined);
  if (from === undefined) {
    throw new AppError("VALIDATION_FAILED", "The service is split: say which pool the plan ramps from.", [
      { path: "plan.from", message: "is required while the service is split" },
    ]);
  }
  requirePool(doc, from, "plan.from");
  if (from === input.pool) {
    throw new AppError("VALIDATION_FAILED", "A plan ramps between two pools.", [
      { path: "plan.from", message: "must differ from plan.pool" },
    ]);
  }
  if (doc.plan?.status === "running")
    throw new AppError("CONFLICT", `A ramp plan is already running on ${doc.name}; cancel it first.`);
  const steps = input.steps.map((s) => ({ percent: s.percent, pauseSeconds: s.pauseSeconds ?? 0 }));
  return {
    id: randomUUID(),
    from,
    pool: input.pool,
    steps,
    guard: guardWithDefaults(input.guard),
    stepIndex: -1,
    status: "running",
    baseHistoryLength: doc.history.length,
    startedAt: at,
    startedBy: context.actor,
    endedAt: null,
    outcome: null,
  };
}
