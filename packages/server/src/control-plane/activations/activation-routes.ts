import { type Static, type TSchema, Type } from "@sinclair/typebox";
import { type Flag as FlagBody, FlagSchema } from "@switchboard/core";
import {
  type HeldChange,
  heldOutput,
  isHeld,
  type RouteOutput,
  type RouteSpec,
  route,
  ToggleInputSchema,
  type WriteContext,
} from "../../kernel/index.js";
import type { DocumentWrite } from "../../store/index.js";
import { DocumentResponse, writeOutput } from "../response-schemas.js";
import { RampInputSchema, ServeMeInputSchema } from "./activation-ops.js";
import type { ActivationService } from "./activation-service.js";
import { LooseRulesInputSchema, ReplaceRulesInputSchema } from "./activation-service.js";
import { rulesChangeWarnings } from "./killed-flag-warning.js";

const Flag = DocumentResponse(FlagSchema);
/** The flag after a change of its rules, with `warnings` when the change serves nobody (the flag is killed). */
const FlagWithWarnings = Type.Composite([
  Flag,
  Type.Object({
    warnings: Type.Optional(
      Type.Array(Type.String(), { description: "Why the change, though saved, does not take effect yet." }),
    ),
  }),
]);
const ENV = "/flags/:key/environments/:env";

/** One activation of a flag in one environment, given its checked body. */
type Activate<Input> = (
  key: string,
  environment: string,
  input: Input,
  context: WriteContext,
  expectedVersion: number | undefined,
) => Promise<DocumentWrite<FlagBody> | HeldChange>;

/** Activations of a flag in one environment: rules, enable, kill, ramp, serve-me; each one audited change. */
export function activationRoutes({ activations }: { activations: ActivationService }): RouteSpec[] {
  const op = <Body extends TSchema>(
    name: string,
    summary: string,
    body: Body,
    activate: Activate<Static<Body>>,
    changesRules = false,
  ) =>
    route({
      method: "POST",
      url: `${ENV}/${name}`,
      role: "editor",
      tag: "activations",
      summary,
      body,
      ifMatch: "optional",
      response: changesRules
        ? rulesChanged
        : { status: 200, description: "The flag at its new version.", schema: Flag },
      handler: async ({ params, body: input, ifMatch, context }) => {
        const [key, environment] = [params["key"] ?? "", params["env"] ?? ""];
        const write = await activate(key, environment, input, context, ifMatch);
        if (isHeld(write)) return heldOutput(write);
        return changesRules ? withWarnings(write, key, environment) : writeOutput(write);
      },
    });
  return [
    route({
      method: "PUT",
      url: `${ENV}/rules`,
      role: "editor",
      tag: "activations",
      summary: "Replace the ordered rules of a flag in one environment (If-Match required)",
      body: LooseRulesInputSchema,
      documentedBody: ReplaceRulesInputSchema,
      ifMatch: "required",
      response: rulesChanged,
      handler: async ({ params, body, ifMatch, context }) => {
        const [key, environment] = [params["key"] ?? "", params["env"] ?? ""];
        const write = await activations.replaceRules(key, environment, body, context, ifMatch);
        return isHeld(write) ? heldOutput(write) : withWarnings(write, key, environment);
      },
    }),
    op("enable", "Turn a flag on in an environment", ToggleInputSchema, (...a) => activations.enable(...a)),
    op("kill", "Kill switch: everyone in the environment gets the default variation", ToggleInputSchema, (...a) =>
      activations.kill(...a),
    ),
    op("ramp", "Set the percentage of a ramp rule", RampInputSchema, (...a) => activations.ramp(...a), true),
    op(
      "serve-me",
      'Add or remove units of the "serve me / my team" rule',
      ServeMeInputSchema,
      (...a) => activations.serveMe(...a),
      true,
    ),
  ];
}

const rulesChanged = {
  status: 200,
  description: "The flag at its new version; `warnings` when the flag is killed in the environment.",
  schema: FlagWithWarnings,
};

/** The answer of a rules change: the flag, and `warnings` only when there is something to warn about. */
function withWarnings(write: DocumentWrite<FlagBody>, key: string, environment: string): RouteOutput {
  const output = writeOutput(write);
  const warnings = rulesChangeWarnings(key, write.document.body, environment);
  return warnings.length === 0 ? output : { ...output, body: { ...write.document, warnings } };
}
