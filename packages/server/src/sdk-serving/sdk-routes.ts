import type { FastifyPluginAsync } from "fastify";
import type { AppDeps } from "../http/app-deps.js";
import { ofrepRoutes } from "./ofrep-routes.js";
import { registerPayloadRoutes } from "./payload-routes.js";
import { createSdkServing } from "./sdk-serving.js";
import { registerStreamRoutes } from "./stream-routes.js";

/**
 * The endpoints SDKs read: payload with ETag, the event stream, OFREP and the GrowthBook-compatible features
 * endpoint and stream. Streams end with a retry hint when the app closes.
 * @example app.register(sdkRoutes, deps)
 */
export const sdkRoutes: FastifyPluginAsync<AppDeps> = async (app, deps) => {
  const serving = createSdkServing(deps, (error) => app.log.error({ err: error }, "sdk serving"));
  // preClose runs before the server stops accepting: open streams would otherwise hold the close forever.
  app.addHook("preClose", async () => serving.close());
  registerPayloadRoutes(app, serving);
  registerStreamRoutes(app, serving);
  await app.register(async (ofrep) => ofrepRoutes(ofrep, serving));
};
