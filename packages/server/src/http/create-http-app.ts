import { ingestRoutes } from "@switchboard/events";
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from "fastify";
import { registerAuthMetricsRoute } from "../auth/index.js";
import { DEFAULT_HTTP_CONFIG, type ServerConfig, toFastifyTrustProxy } from "../config/index.js";
import { sdkRoutes } from "../sdk-serving/index.js";
import { createClientErrorHandler } from "./client-error-handler.js";
import { continueOnRead } from "./continue-on-read.js";
import { registerDashboard } from "./dashboard-static.js";
import { frameworkErrorHandler, installErrorHandling, MAX_PARAM_LENGTH } from "./error-handler.js";
import { registerHealthRoutes } from "./health-routes.js";
import type { HttpFeatures } from "./http-features.js";
import { REQUEST_LOG_SERIALIZERS } from "./log-redaction.js";
import { buildOpenApiDocument, type OtherRoute } from "./openapi.js";
import { API_PREFIX, registerControlRoutes } from "./register-control-routes.js";
import { requestIdOf } from "./request-id.js";
import { boundConnections, serverTimeoutOptions } from "./server-limits.js";

/** What the bare HTTP server is built from, before any feature exists. */
export interface HttpAppOptions {
  config: ServerConfig;
  /** Where the app logs (unexpected errors, once each, with the request id); warnings and errors to stdout if left out. */
  logger?: FastifyBaseLogger | undefined;
}

/**
 * The bare HTTP server: limits, timeouts, the JSON body parser, one error shape everywhere and a request id on every
 * answer, but no route yet. Built first so the features can log through its logger; `mountFeatures` completes it.
 */
export function createHttpApp({ config, logger }: HttpAppOptions): FastifyInstance {
  const http = config.http ?? DEFAULT_HTTP_CONFIG;
  const app = Fastify({
    // A given logger brings its own serializers; it should redact URLs too (`REQUEST_LOG_SERIALIZERS`).
    ...(logger === undefined
      ? { logger: { level: "warn", serializers: REQUEST_LOG_SERIALIZERS } }
      : { loggerInstance: logger }),
    ...serverTimeoutOptions(http),
    bodyLimit: config.bodyLimitBytes,
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    frameworkErrors: frameworkErrorHandler(config.bodyLimitBytes),
    clientErrorHandler: createClientErrorHandler(http.requestTimeoutMs),
    trustProxy: toFastifyTrustProxy(config.trustProxy),
    genReqId: requestIdOf,
    onProtoPoisoning: "error",
    onConstructorPoisoning: "error",
  }) as unknown as FastifyInstance;
  boundConnections(app, http);
  continueOnRead(app);
  app.addHook("onRequest", async (request, reply) => {
    reply.header("x-request-id", request.id);
  });
  acceptJsonOnly(app);
  installErrorHandling(app, config.bodyLimitBytes);
  return app;
}

/**
 * Mounts the built features on the app from `createHttpApp`: health, the control API under `/api/v1` with its
 * OpenAPI document, SDK serving and ingest. Not listening yet; call `listen` or use `inject` in tests.
 */
export function mountFeatures(app: FastifyInstance, features: HttpFeatures): FastifyInstance {
  registerHealthRoutes(app, features.store);
  registerAuthMetricsRoute(app, features.auth);
  registerDashboard(app);

  const others: OtherRoute[] = [];
  app.addHook("onRoute", (options) => {
    const url = options.url ?? options.path;
    if (url.startsWith(`${API_PREFIX}/`) && options.config?.control !== true) {
      const summary = (options.schema as { summary?: unknown } | undefined)?.summary;
      for (const method of [options.method].flat()) {
        if (method !== "HEAD") others.push({ method, url, summary: typeof summary === "string" ? summary : undefined });
      }
    }
  });
  // Proxies hold long-polls open: end them before the server waits for its requests to finish.
  app.addHook("preClose", async () => features.traffic.release());
  app.addHook("onClose", () => features.traffic.close());
  let openApi: Record<string, unknown> | undefined;
  // Built on first use, so routes that plugins register while the app starts are documented too.
  app.get(`${API_PREFIX}/openapi.json`, async () => {
    openApi ??= buildOpenApiDocument(features.routes, others);
    return openApi;
  });
  registerControlRoutes(app, features.auth, features.routes);
  app.register(sdkRoutes, features.sdk);
  if (features.ingest !== undefined) app.register(ingestRoutes, features.ingest);
  return app;
}

// JSON only; an empty JSON body counts as no body, so `POST .../kill` works with or without `{}`.
function acceptJsonOnly(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser("error", "error");
  app.removeAllContentTypeParsers();
  app.addContentTypeParser("application/json", { parseAs: "string" }, (request, body, done) => {
    const text = typeof body === "string" ? body : body.toString("utf8");
    if (text.trim() === "") {
      done(null, undefined);
      return;
    }
    parseJson(request, text, done);
  });
}
