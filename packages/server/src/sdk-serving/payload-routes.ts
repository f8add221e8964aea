import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { allowBrowsersFor, CORS_HEADERS, sendEncoded, sendError } from "./http-helpers.js";
import type { SdkServing } from "./sdk-serving.js";

/**
 * `GET /api/v1/sdk/payload` (bearer SDK key) and GrowthBook's `GET /api/features/:clientKey`: cached bytes with a
 * strong ETag, 304 when the caller has them.
 */
export function registerPayloadRoutes(app: FastifyInstance, serving: SdkServing): void {
  app.get("/api/v1/sdk/payload", (request, reply) => {
    // The poller's hot path: a key checked since the last change and a current payload answer without a promise.
    const known = serving.cachedBearerReader(request);
    const cached = known && serving.payloads.cached(known.environment, known.audience);
    if (cached) return sendEncoded(request, allowBrowsersFor(reply, known.audience), cached.body);
    return sendPayload(request, reply);
  });

  const sendPayload = async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    try {
      const reader = await serving.bearerReader(request);
      const compiled =
        serving.payloads.cached(reader.environment, reader.audience) ??
        (await serving.payloads.latest(reader.environment, reader.audience));
      return sendEncoded(request, allowBrowsersFor(reply, reader.audience), compiled.body);
    } catch (error) {
      return sendError(request, reply, error);
    }
  };

  app.get<{ Params: { clientKey: string } }>("/api/features/:clientKey", async (request, reply) => {
    reply.headers(CORS_HEADERS);
    try {
      const reader = await serving.sdkAuth.clientKeyReader(request.params.clientKey, request.ip);
      const compiled = await serving.payloads.latest(reader.environment, reader.audience);
      return sendEncoded(request, reply, compiled.growthbookBody());
    } catch (error) {
      return sendError(request, reply, error);
    }
  });
}
