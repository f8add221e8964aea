import type { FastifyPluginAsync } from "fastify";
import { PREFLIGHT_HEADERS } from "./http-helpers.js";
import { ofrepRoutes } from "./ofrep-routes.js";
import { registerPayloadRoutes } from "./payload-routes.js";
import { registerPreviewRoutes } from "./preview-routes.js";
import { createSdkServing } from "./sdk-serving.js";
import type { SdkServingDeps } from "./sdk-serving-deps.js";
import { registerStreamRoutes } from "./stream-routes.js";

const BEARER_ENDPOINTS = [
  "/api/v1/sdk/payload",
  "/api/v1/sdk/stream",
  "/api/v1/sdk/preview",
  "/ofrep/v1/evaluate/flags",
  "/ofrep/v1/evaluate/flags/:key",
];

/**
 * The endpoints SDKs read: payload with ETag, the event stream, OFREP and the GrowthBook-compatible features
 * endpoint and stream. Streams end with a retry hint when the app closes.
 * @example app.register(sdkRoutes, deps)
 */
export const sdkRoutes: FastifyPluginAsync<SdkServingDeps> = async (app, deps) => {
  const serving = createSdkServing(deps, (error) => app.log.error({ err: error }, "sdk serving"));
  // preClose runs before the server stops accepting: open streams would otherwise hold the close forever.
  app.addHook("preClose", async () => serving.close());
  // Browsers ask before sending a bearer key across origins; the real answer then decides (client keys only).
  for (const url of BEARER_ENDPOINTS)
    app.options(url, (_request, reply) => reply.code(204).headers(PREFLIGHT_HEADERS).send());
  registerPayloadRoutes(app, serving);
  registerStreamRoutes(app, serving);
  if (deps.previews !== undefined) registerPreviewRoutes(app, serving, deps.previews);
  await app.register(async (ofrep) => ofrepRoutes(ofrep, serving));
};
