import { type Static, type TObject, Type } from "@sinclair/typebox";
import { formatPath, structuralProblems } from "@switchboard/core";
import { validationFailed } from "../../kernel/index.js";
import { RampInputSchema, ServeMeInputSchema } from "./activation-ops.js";

const { reason: _rampReason, ...rampFields } = RampInputSchema.properties;
const { reason: _serveMeReason, ...serveMeFields } = ServeMeInputSchema.properties;

/** The activations a schedule can apply, by `op`. */
const SCHEDULED_ACTION_SCHEMAS = {
  enable: Type.Object({ op: Type.Literal("enable") }, { additionalProperties: false }),
  kill: Type.Object({ op: Type.Literal("kill") }, { additionalProperties: false }),
  ramp: Type.Object({ op: Type.Literal("ramp"), ...rampFields }, { additionalProperties: false }),
  "serve-me": Type.Object({ op: Type.Literal("serve-me"), ...serveMeFields }, { additionalProperties: false }),
} satisfies Record<string, TObject>;

/** Any scheduled activation, e.g. `{"op": "ramp", "rule": "rollout", "percent": 25}`. */
const ScheduledActionSchema = Type.Union(Object.values(SCHEDULED_ACTION_SCHEMAS));

/** An activation that can be applied now or later. */
export type ScheduledAction = Static<typeof ScheduledActionSchema>;

/** Checks an activation by its `op`, reporting problems under `prefix` (VALIDATION_FAILED). */
export function parseScheduledAction(value: unknown, prefix: readonly (string | number)[] = []): ScheduledAction {
  const op = typeof value === "object" && value !== null ? (value as Record<string, unknown>)["op"] : undefined;
  const schema =
    typeof op === "string" ? SCHEDULED_ACTION_SCHEMAS[op as keyof typeof SCHEDULED_ACTION_SCHEMAS] : undefined;
  if (schema === undefined) {
    const ops = Object.keys(SCHEDULED_ACTION_SCHEMAS)
      .map((name) => JSON.stringify(name))
      .join(", ");
    throw validationFailed([{ path: formatPath([...prefix, "op"]), message: `must be one of ${ops}` }]);
  }
  const problems = structuralProblems(schema, value, prefix);
  if (problems.length > 0) throw validationFailed(problems);
  return value as ScheduledAction;
}
