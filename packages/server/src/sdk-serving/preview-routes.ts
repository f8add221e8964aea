import type { FastifyInstance } from "fastify";
import type { CustomerPreviews } from "../control-plane/index.js";
import { REFUSAL_MESSAGES } from "../control-plane/index.js";
import { AppError } from "../kernel/index.js";
import { allowBrowsersFor, sendError } from "./http-helpers.js";
import type { SdkServing } from "./sdk-serving.js";

/**
 * `GET /api/v1/sdk/preview?token=…` (bearer SDK key): what a customer preview token grants in the key's environment,
 * re-verified on every call (signature, expiry, environment, revocation list), so an SDK that asks again learns of a
 * revocation. A refused token answers 403 with its reason; nothing is written and nobody else's answers change.
 */
export function registerPreviewRoutes(
  app: FastifyInstance,
  serving: SdkServing,
  previews: Pick<CustomerPreviews, "resolve">,
): void {
  app.get<{ Querystring: { token?: unknown } }>("/api/v1/sdk/preview", async (request, reply) => {
    try {
      const reader = await serving.bearerReader(request);
      allowBrowsersFor(reply, reader.audience).header("cache-control", "no-store");
      const token = request.query.token;
      if (typeof token !== "string" || token === "") {
        throw new AppError("BAD_REQUEST", "Give the preview token as `?token=sbc.…`.", [
          { path: "token", message: "is required" },
        ]);
      }
      const outcome = await previews.resolve(token, reader.environment);
      if (!outcome.ok) {
        throw new AppError(
          "FORBIDDEN",
          REFUSAL_MESSAGES[outcome.reason],
          [{ path: "token", message: outcome.reason }],
          {
            reason: outcome.reason,
          },
        );
      }
      return reply.code(200).send(outcome.resolution);
    } catch (error) {
      return sendError(request, reply, error);
    }
  });
}
