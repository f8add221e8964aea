import { randomUUID } from "node:crypto";
import type { Static } from "@sinclair/typebox";
import type { RampPlanState, TrafficServiceDocument } from "@switchboard/proxy";
import type { WriteContext } from "../../kernel/index.js";
import { AppError } from "../../kernel/index.js";
import { backTo, requirePool, targetOfWeights, withRouting } from "../service/routing-rules.js";
import type { RampSchema } from "../service/traffic-schemas.js";
import type { GuardBaseline } from "./ramp-guard.js";
import { guardWithDefaults } from "./ramp-guard.js";

type PlanInput = NonNullable<Static<typeof RampSchema>["plan"]>;
type Stamp = TrafficServiceDocument["current"];

/** Milliseconds since the epoch when the plan's next step is due; plans without `dueAt` are due at once. */
export function dueMs(plan: RampPlanState): number {
  return plan.dueAt === undefined || plan.dueAt === null ? 0 : Date.parse(plan.dueAt);
}

/** A new running plan; its first step is due `at` (the runner applies it right away). */
export function newPlan(
  doc: TrafficServiceDocument,
  input: PlanInput,
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
  return {
    id: randomUUID(),
    from,
    pool: input.pool,
    steps: input.steps.map((s) => ({ percent: s.percent, pauseSeconds: s.pauseSeconds ?? 0 })),
    guard: guardWithDefaults(input.guard),
    stepIndex: -1,
    status: "running",
    baseHistoryLength: doc.history.length,
    startedAt: at,
    startedBy: context.actor,
    reason: context.reason,
    endedAt: null,
    outcome: null,
    dueAt: at,
    stepStartedAt: null,
    baseline: null,
  };
}

/** The document with step `index` of its plan in place and the next step due after the step's pause. */
export function withStep(
  doc: TrafficServiceDocument,
  plan: RampPlanState,
  index: number,
  stamp: Stamp,
  baseline: GuardBaseline | null,
): TrafficServiceDocument {
  const step = plan.steps[index];
  if (step === undefined) throw new Error(`plan ${plan.id} has no step ${index}`);
  const weights = { [plan.from]: 100 - step.percent, [plan.pool]: step.percent };
  const routed = withRouting(doc, { ...doc.routing, target: targetOfWeights(doc, weights) }, stamp);
  const dueAt = new Date(Date.parse(stamp.at) + step.pauseSeconds * 1000).toISOString();
  return { ...routed, plan: { ...plan, stepIndex: index, stepStartedAt: stamp.at, dueAt, baseline } };
}

/** The document with its plan done (the last step's pause ended without the guard tripping). */
export function withPlanDone(doc: TrafficServiceDocument, plan: RampPlanState, at: string): TrafficServiceDocument {
  return { ...doc, plan: { ...plan, status: "done", endedAt: at, outcome: "done", dueAt: null } };
}

/** The document back at the routing state before the plan, its plan aborted for `why`. */
export function withPlanAborted(
  doc: TrafficServiceDocument,
  plan: RampPlanState,
  stamp: Stamp,
  why: string,
): TrafficServiceDocument {
  // Each applied step pushed one history entry: going back that many returns to the state before the plan.
  const index = Math.max(0, doc.history.length - (plan.stepIndex + 1));
  const back = backTo(doc, index, stamp);
  return { ...back, plan: { ...plan, status: "aborted", endedAt: back.current.at, outcome: why, dueAt: null } };
}
