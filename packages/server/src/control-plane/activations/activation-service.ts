import { type Static, Type } from "@sinclair/typebox";
import { type Flag, formatPath, MAX_REASON_CHARS, RuleSchema } from "@switchboard/core";
import {
  AppError,
  type ChangeGate,
  changeInput,
  type HeldChange,
  type ReasonPolicy,
  requireReason,
  type ToggleInput,
  validationFailed,
  type WriteContext,
  withReason,
} from "../../kernel/index.js";
import type { DocumentStore, DocumentWrite, Schedule } from "../../store/index.js";
import { requireEnvironment } from "../environments/index.js";
import { checkFlag, loadActiveFlag, requireVersion, staleVersion, writeFlag } from "../flags/index.js";
import type { ServiceDeps } from "../service-deps.js";
import { changeServeMe, type RampInput, type ServeMeInput, setEnabled, setRampPercent } from "./activation-ops.js";
import { parseScheduledAction, type ScheduledAction } from "./scheduled-action.js";

/** The body of `PUT /flags/:key/environments/:env/rules`: the environment's new ordered rules. */
export const ReplaceRulesInputSchema = Type.Object(
  { rules: Type.Array(RuleSchema), reason: Type.Optional(Type.String({ maxLength: MAX_REASON_CHARS })) },
  { additionalProperties: false },
);

/**
 * The rules body as the edge checks it: the rules themselves are checked by the service with the whole flag, so
 * broken and sound rules, and the flag-set problems they cause, are reported together.
 */
export const LooseRulesInputSchema = Type.Object(
  { ...ReplaceRulesInputSchema.properties, rules: Type.Array(Type.Unknown()) },
  { additionalProperties: false },
);

/** A rules body whose rules are not yet checked against the flag model. */
export type LooseRulesInput = Static<typeof LooseRulesInputSchema>;

/**
 * One-call activations of a flag in one environment (enable, kill, ramp, serve-me, rules), each an audited
 * change. Without an expected version they re-read and re-apply on a concurrent write, so none fails or is lost.
 */
export class ActivationService {
  constructor(
    private readonly store: DocumentStore,
    private readonly policy: ReasonPolicy,
    private readonly gate?: ChangeGate,
  ) {}

  /** Turns the flag on in `environment`. */
  enable(key: string, environment: string, input: ToggleInput, context: WriteContext, expectedVersion?: number) {
    return this.#apply(key, environment, { op: "enable" }, withReason(context, input.reason), expectedVersion);
  }

  /** The kill switch: everyone in `environment` gets the default variation at once. */
  kill(key: string, environment: string, input: ToggleInput, context: WriteContext, expectedVersion?: number) {
    // The kill switch is never held up: stopping harm must not wait for a second person (it is still audited).
    return this.#write(key, environment, { op: "kill" }, withReason(context, input.reason), expectedVersion);
  }

  /** Sets the percentage of a ramp rule. */
  ramp(key: string, environment: string, input: RampInput, context: WriteContext, expectedVersion?: number) {
    const { reason, ...ramp } = input;
    return this.#apply(key, environment, { op: "ramp", ...ramp }, withReason(context, reason), expectedVersion);
  }

  /** Adds or removes units of a "serve me / my team" force rule. */
  serveMe(key: string, environment: string, input: ServeMeInput, context: WriteContext, expectedVersion?: number) {
    const { reason, ...change } = input;
    if (change.add === undefined && change.remove === undefined) {
      throw validationFailed([{ path: "", message: 'give the units to "add" or "remove"' }]);
    }
    return this.#apply(key, environment, { op: "serve-me", ...change }, withReason(context, reason), expectedVersion);
  }

  /** Replaces the ordered rules of one environment; the If-Match version is required. */
  async replaceRules(
    key: string,
    environment: string,
    input: LooseRulesInput,
    context: WriteContext,
    expectedVersion: number | undefined,
  ): Promise<DocumentWrite<Flag> | HeldChange> {
    // Rules are checked with the whole flag below, so broken and sound rules are reported together.
    const { rules, reason } = input;
    const version = requireVersion(expectedVersion, `the rules of flag "${key}"`);
    await requireEnvironment(this.store, environment);
    const actor = withReason(context, reason);
    requireReason(this.policy, actor, [environment]);
    if (this.#held(actor, environment)) {
      return this.#propose(key, environment, version, actor, "rules", async (current) => {
        const settings = current.environments?.[environment] ?? {};
        const environments = { ...current.environments, [environment]: { ...settings, rules } };
        return checkRulesOf(this.store, key, environment, { ...current, environments });
      });
    }
    return writeFlag(this.store, key, version, async (current) => {
      const settings = current.body.environments?.[environment] ?? {};
      const environments = { ...current.body.environments, [environment]: { ...settings, rules } };
      const flag = await checkRulesOf(this.store, key, environment, { ...current.body, environments });
      return { body: flag, change: changeInput(actor, "flag.rules", environment) };
    });
  }

  /**
   * Applies a due schedule as its creator, with its reason; throws when it no longer applies. In a protected
   * environment an editor's schedule becomes a change request when it falls due, so scheduling is no way around it.
   */
  async applyScheduledAction(schedule: Schedule): Promise<DocumentWrite<Flag> | HeldChange> {
    const action = parseScheduledAction(schedule.action);
    const reason = schedule.reason ?? `scheduled change ${schedule.id}`;
    const context: WriteContext = { actor: schedule.createdBy, role: "editor", reason };
    return this.#apply(schedule.flag, schedule.environment, action, context, undefined);
  }

  async #apply(
    key: string,
    environment: string,
    action: ScheduledAction,
    context: WriteContext,
    expectedVersion: number | undefined,
  ): Promise<DocumentWrite<Flag> | HeldChange> {
    if (action.op !== "kill" && this.#held(context, environment)) {
      await requireEnvironment(this.store, environment);
      requireReason(this.policy, context, [environment]);
      return this.#propose(key, environment, expectedVersion, context, action.op, (current) =>
        checkFlag(this.store, key, applyAction(current, environment, action)),
      );
    }
    return this.#write(key, environment, action, context, expectedVersion);
  }

  async #write(
    key: string,
    environment: string,
    action: ScheduledAction,
    context: WriteContext,
    expectedVersion: number | undefined,
  ): Promise<DocumentWrite<Flag>> {
    await requireEnvironment(this.store, environment);
    requireReason(this.policy, context, [environment]);
    return writeFlag(this.store, key, expectedVersion, (current) => ({
      body: applyAction(current.body, environment, action),
      change: changeInput(context, `flag.${action.op === "serve-me" ? "serve-me" : action.op}`, environment),
    }));
  }

  #held(context: WriteContext, environment: string): boolean {
    return this.gate !== undefined && this.gate.protectedFor(context, [environment]).length > 0;
  }

  /** Computes the change against the stored flag and records it as a change request instead of writing it. */
  async #propose(
    key: string,
    environment: string,
    expectedVersion: number | undefined,
    context: WriteContext,
    what: string,
    change: (current: Flag) => Promise<Flag>,
  ): Promise<HeldChange> {
    const current = await loadActiveFlag(this.store, key);
    if (expectedVersion !== undefined && current.version !== expectedVersion) throw staleVersion(key, current.version);
    const after = await change(current.body);
    const proposed = [{ key, expectedVersion: current.version, before: current.body, after }];
    return (this.gate as ChangeGate).propose(proposed, [environment], context, `${what} ${key} in ${environment}`);
  }
}

/** The flag after one activation in one environment (pure). */
export function applyAction(flag: Flag, environment: string, action: ScheduledAction): Flag {
  switch (action.op) {
    case "enable":
      return setEnabled(flag, environment, true);
    case "kill":
      return setEnabled(flag, environment, false);
    case "ramp":
      return setRampPercent(flag, environment, action);
    case "serve-me":
      return changeServeMe(flag, environment, action);
  }
}

async function checkRulesOf(store: DocumentStore, key: string, environment: string, flag: unknown): Promise<Flag> {
  try {
    return await checkFlag(store, key, flag);
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== "VALIDATION_FAILED") throw error;
    // Paths point into the body of the request, `rules[2].serve`, not into the whole flag.
    const inside = `${formatPath(["environments", environment])}.`;
    const details = error.details.map((d) =>
      d.path.startsWith(inside) ? { ...d, path: d.path.slice(inside.length) } : d,
    );
    throw validationFailed(details);
  }
}

/** The type of the rules replacement body. */
export type ReplaceRulesInput = Static<typeof ReplaceRulesInputSchema>;

/** Builds the activation service from the control plane's dependencies (what the composition root calls). */
export function createActivationService(
  { store, config }: Pick<ServiceDeps<DocumentStore>, "store" | "config">,
  gate?: ChangeGate,
): ActivationService {
  return new ActivationService(store, config, gate);
}
