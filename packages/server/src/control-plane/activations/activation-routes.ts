import { FlagSchema } from "@switchboard/core";
import { type RouteSpec, route } from "../../kernel/index.js";
import { DocumentResponse, writeOutput } from "../response-schemas.js";
import { RampInputSchema, ServeMeInputSchema, ToggleInputSchema } from "./activation-ops.js";
import type { ActivationService } from "./activation-service.js";
import { ReplaceRulesInputSchema } from "./activation-service.js";

const Flag = DocumentResponse(FlagSchema);
const ENV = "/flags/:key/environments/:env";

/** Activations of a flag in one environment: rules, enable, kill, ramp, serve-me; each one audited change. */
export function activationRoutes({ activations }: { activations: ActivationService }): RouteSpec[] {
  const op = (
    name: "enable" | "kill" | "ramp" | "serve-me",
    summary: string,
    body: typeof ToggleInputSchema | typeof RampInputSchema | typeof ServeMeInputSchema,
  ) =>
    route({
      method: "POST",
      url: `${ENV}/${name}`,
      role: "editor",
      tag: "activations",
      summary,
      body,
      ifMatch: "optional",
      response: { status: 200, description: "The flag at its new version.", schema: Flag },
      handler: async ({ params, body: input, ifMatch, context }) => {
        const key = params["key"] ?? "";
        const env = params["env"] ?? "";
        const method = name === "serve-me" ? "serveMe" : name;
        return writeOutput(await activations[method](key, env, input, context, ifMatch));
      },
    });
  return [
    route({
      method: "PUT",
      url: `${ENV}/rules`,
      role: "editor",
      tag: "activations",
      summary: "Replace the ordered rules of a flag in one environment (If-Match required)",
      body: ReplaceRulesInputSchema,
      ifMatch: "required",
      response: { status: 200, description: "The flag at its new version.", schema: Flag },
      handler: async ({ params, body, ifMatch, context }) =>
        writeOutput(await activations.replaceRules(params["key"] ?? "", params["env"] ?? "", body, context, ifMatch)),
    }),
    op("enable", "Turn a flag on in an environment", ToggleInputSchema),
    op("kill", "Kill switch: everyone in the environment gets the default variation", ToggleInputSchema),
    op("ramp", "Set the percentage of a ramp rule", RampInputSchema),
    op("serve-me", 'Add or remove units of the "serve me / my team" rule', ServeMeInputSchema),
  ];
}
