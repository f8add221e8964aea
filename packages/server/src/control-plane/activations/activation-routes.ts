import type { Static, TSchema } from "@sinclair/typebox";
import { type Flag as FlagBody, FlagSchema } from "@switchboard/core";
import { type RouteSpec, route, ToggleInputSchema, type WriteContext } from "../../kernel/index.js";
import type { DocumentWrite } from "../../store/index.js";
import { DocumentResponse, writeOutput } from "../response-schemas.js";
import { RampInputSchema, ServeMeInputSchema } from "./activation-ops.js";
import type { ActivationService } from "./activation-service.js";
import { LooseRulesInputSchema, ReplaceRulesInputSchema } from "./activation-service.js";

const Flag = DocumentResponse(FlagSchema);
const ENV = "/flags/:key/environments/:env";

/** One activation of a flag in one environment, given its checked body. */
type Activate<Input> = (
  key: string,
  environment: string,
  input: Input,
  context: WriteContext,
  expectedVersion: number | undefined,
) => Promise<DocumentWrite<FlagBody>>;

/** Activations of a flag in one environment: rules, enable, kill, ramp, serve-me; each one audited change. */
export function activationRoutes({ activations }: { activations: ActivationService }): RouteSpec[] {
  const op = <Body extends TSchema>(name: string, summary: string, body: Body, activate: Activate<Static<Body>>) =>
    route({
      method: "POST",
      url: `${ENV}/${name}`,
      role: "editor",
      tag: "activations",
      summary,
      body,
      ifMatch: "optional",
      response: { status: 200, description: "The flag at its new version.", schema: Flag },
      handler: async ({ params, body: input, ifMatch, context }) =>
        writeOutput(await activate(params["key"] ?? "", params["env"] ?? "", input, context, ifMatch)),
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
      response: { status: 200, description: "The flag at its new version.", schema: Flag },
      handler: async ({ params, body, ifMatch, context }) =>
        writeOutput(await activations.replaceRules(params["key"] ?? "", params["env"] ?? "", body, context, ifMatch)),
    }),
    op("enable", "Turn a flag on in an environment", ToggleInputSchema, (...a) => activations.enable(...a)),
    op("kill", "Kill switch: everyone in the environment gets the default variation", ToggleInputSchema, (...a) =>
      activations.kill(...a),
    ),
    op("ramp", "Set the percentage of a ramp rule", RampInputSchema, (...a) => activations.ramp(...a)),
    op("serve-me", 'Add or remove units of the "serve me / my team" rule', ServeMeInputSchema, (...a) =>
      activations.serveMe(...a),
    ),
  ];
}
