import { randomUUID } from "node:crypto";
import { type Static, Type } from "@sinclair/typebox";
import { ID_PATTERN, MAX_REASON_CHARS, NAME_PATTERN } from "@switchboard/core";
import type { Clock } from "../../kernel/index.js";
import {
  AppError,
  changeInput,
  type ReasonPolicy,
  requireReason,
  Timestamp,
  timestampMs,
  validationFailed,
  type WriteContext,
} from "../../kernel/index.js";
import type { DocumentStore, NewSchedule, Schedule, ScheduleStatus, ScheduleStore } from "../../store/index.js";
import { applyAction, parseScheduledAction, type ScheduledAction } from "../activations/index.js";
import { requireEnvironment } from "../environments/index.js";
import { loadActiveFlag, loadFlag } from "../flags/index.js";
import type { ServiceDeps } from "../service-deps.js";

const Environment = Type.String({ pattern: NAME_PATTERN });
const Reason = Type.Optional(Type.String({ maxLength: MAX_REASON_CHARS }));

/** The body of `POST /flags/:key/schedules`: one activation at a time, or a ramp plan (steps of one rule). */
export const ScheduleInputSchema = Type.Object(
  {
    environment: Environment,
    at: Type.Optional(Timestamp("When to apply `action`.")),
    action: Type.Optional(
      Type.Unknown({ description: 'An activation: {"op": "enable" | "kill" | "ramp" | "serve-me", ...}' }),
    ),
    rule: Type.Optional(
      Type.String({ pattern: ID_PATTERN, description: "The ramp rule of a plan (the only one when left out)." }),
    ),
    steps: Type.Optional(
      Type.Array(
        Type.Object(
          { percent: Type.Number({ minimum: 0, maximum: 100 }), at: Timestamp("When this step applies.") },
          { additionalProperties: false },
        ),
        { minItems: 1, maxItems: 100 },
      ),
    ),
    reason: Reason,
  },
  { additionalProperties: false },
);

/** A schedule request. */
export type ScheduleInput = Static<typeof ScheduleInputSchema>;

/** Schedules activations and ramp plans that the scheduler applies later, and cancels them. */
export class ScheduleService {
  constructor(
    private readonly store: ScheduleStore & DocumentStore,
    private readonly clock: Clock,
    private readonly policy: ReasonPolicy,
  ) {}

  /** Schedules one activation (`at` + `action`) or a ramp plan (`steps`), checked against the flag as it is now. */
  async schedule(key: string, body: ScheduleInput, context: WriteContext): Promise<Schedule[]> {
    const actor =
      body.reason === undefined || body.reason.trim() === "" ? context : { ...context, reason: body.reason };
    const entries = this.#entries(body);
    const flag = await loadActiveFlag(this.store, key);
    await requireEnvironment(this.store, body.environment);
    requireReason(this.policy, actor, [body.environment]);
    // A dry run against today's flag catches a plan that could never apply (no such rule, unknown variation).
    for (const entry of entries) applyAction(flag.body, body.environment, entry.action);
    const planId = entries.length > 1 ? randomUUID() : null;
    const schedules: NewSchedule[] = entries.map((entry) => ({
      planId,
      flag: key,
      environment: body.environment,
      runAt: entry.at,
      action: entry.action,
      createdBy: actor.actor,
      reason: actor.reason,
    }));
    return this.store.createSchedules(schedules, changeInput(actor, "flag.schedule", body.environment));
  }

  /** The schedules of a flag, soonest first. */
  async list(key: string, status?: ScheduleStatus): Promise<Schedule[]> {
    await loadFlag(this.store, key);
    return this.store.listSchedules({ flag: key, ...(status === undefined ? {} : { status }) });
  }

  /** Cancels a pending schedule, or every pending step of its plan with `wholePlan`. */
  async cancel(id: string, wholePlan: boolean, context: WriteContext): Promise<Schedule[]> {
    const schedule = (await this.store.listSchedules()).find((candidate) => candidate.id === id);
    if (schedule === undefined) throw new AppError("NOT_FOUND", `Schedule "${id}" does not exist.`);
    if (schedule.status !== "pending") {
      throw new AppError(
        "CONFLICT",
        `Schedule "${id}" is ${schedule.status}; only pending schedules can be cancelled.`,
      );
    }
    requireReason(this.policy, context, [schedule.environment]);
    const ids = wholePlan && schedule.planId !== null ? { planId: schedule.planId } : { id };
    return this.store.cancelSchedules(ids, changeInput(context, "flag.schedule-cancel", schedule.environment));
  }

  #entries(body: ScheduleInput): { at: string; action: ScheduledAction }[] {
    const single = body.at !== undefined || body.action !== undefined;
    if (single === (body.steps !== undefined)) {
      throw validationFailed([{ path: "", message: 'give either "at" and "action", or "steps" of a ramp plan' }]);
    }
    const now = this.clock.now().getTime();
    if (body.steps === undefined) {
      if (body.at === undefined) throw validationFailed([{ path: "at", message: "is required with an action" }]);
      this.#requireFuture(body.at, "at", now);
      return [
        {
          at: new Date(timestampMs(body.at, "at")).toISOString(),
          action: parseScheduledAction(body.action, ["action"]),
        },
      ];
    }
    let previous = now;
    return body.steps.map((step, index) => {
      const path = `steps[${index}].at`;
      const at = this.#requireFuture(step.at, path, previous);
      previous = at;
      const rule = body.rule === undefined ? {} : { rule: body.rule };
      return { at: new Date(at).toISOString(), action: { op: "ramp", percent: step.percent, ...rule } };
    });
  }

  #requireFuture(value: string, path: string, after: number): number {
    const ms = timestampMs(value, path);
    if (ms <= after) {
      const message =
        path === "at" || path === "steps[0].at" ? "must be in the future" : "must be after the previous step";
      throw validationFailed([{ path, message }]);
    }
    return ms;
  }
}

/** Builds the schedule service from the control plane's dependencies (what the composition root calls). */
export function createScheduleService({
  store,
  clock,
  config,
}: ServiceDeps<ScheduleStore & DocumentStore>): ScheduleService {
  return new ScheduleService(store, clock, config);
}
