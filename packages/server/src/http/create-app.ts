import { randomBytes } from "node:crypto";
import {
  CustomerEventsReader,
  ExperimentMetricsReader,
  FlagActivityReader,
  ingestRoutes,
  queryRoutes,
} from "@switchboard/events";
import Fastify, { type FastifyInstance } from "fastify";
import { registerAuthMetricsRoute } from "../auth/index.js";
import { DEFAULT_HTTP_CONFIG, toFastifyTrustProxy } from "../config/index.js";
import {
  type CustomerDeps,
  controlRoutes,
  createServices,
  customerPreviewSecret,
  environmentDirectoryOf,
} from "../control-plane/index.js";
import { loadFlagSetSnapshot, sdkRoutes } from "../sdk-serving/index.js";
import { createTrafficControl, trafficMarkerTitle, trafficRoutes } from "../traffic/index.js";
import type { AppDeps } from "./app-deps.js";
import { createClientErrorHandler } from "./client-error-handler.js";
import { continueOnRead } from "./continue-on-read.js";
import { registerDashboard } from "./dashboard-static.js";
import { frameworkErrorHandler, installErrorHandling, MAX_PARAM_LENGTH } from "./error-handler.js";
import { registerHealthRoutes } from "./health-routes.js";
import { buildOpenApiDocument, type OtherRoute } from "./openapi.js";
import { API_PREFIX, registerControlRoutes } from "./register-control-routes.js";
import { requestIdOf } from "./request-id.js";
import { boundConnections, serverTimeoutOptions } from "./server-limits.js";

/**
 * The HTTP app: health, the control API under `/api/v1` with its OpenAPI document, one error shape everywhere,
 * and a request id on every answer. Not listening yet; call `listen` or use `inject` in tests.
 */
export function createApp(deps: AppDeps): FastifyInstance {
  const http = deps.config.http ?? DEFAULT_HTTP_CONFIG;
  const app = Fastify({
    ...(deps.logger === undefined ? { logger: { level: "warn" } } : { loggerInstance: deps.logger }),
    ...serverTimeoutOptions(http),
    bodyLimit: deps.config.bodyLimitBytes,
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    frameworkErrors: frameworkErrorHandler(deps.config.bodyLimitBytes),
    clientErrorHandler: createClientErrorHandler(http.requestTimeoutMs),
    trustProxy: toFastifyTrustProxy(deps.config.trustProxy),
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
  installErrorHandling(app, deps.config.bodyLimitBytes);
  registerHealthRoutes(app, deps.store);
  registerAuthMetricsRoute(app, deps.auth);
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
  const traffic = createTrafficControl(deps, {
    onError: (error) => app.log.warn({ err: error }, "traffic background work failed"),
    ...deps.traffic,
  });
  // Proxies hold long-polls open: end them before the server waits for its requests to finish.
  app.addHook("preClose", async () => traffic.release());
  app.addHook("onClose", () => traffic.close());
  const services = createServices({
    ...deps,
    markerTitles: [trafficMarkerTitle],
    ...(deps.events === undefined
      ? {}
      : { metricTotals: new ExperimentMetricsReader(deps.events), flagActivity: new FlagActivityReader(deps.events) }),
    customers: customerDeps(deps),
  });
  const routes = [...controlRoutes(services), ...trafficRoutes(traffic)];
  // The app's own logger when none is given, so engine refusals are logged in production too.
  routes.push(...queryRoutes({ ...deps, logger: deps.logger ?? app.log }));
  let openApi: Record<string, unknown> | undefined;
  // Built on first use, so routes that plugins register while the app starts are documented too.
  app.get(`${API_PREFIX}/openapi.json`, async () => {
    openApi ??= buildOpenApiDocument(routes, others);
    return openApi;
  });
  registerControlRoutes(app, deps.auth, routes);
  app.register(sdkRoutes, { ...deps, previews: services.customers.previews });
  if (deps.events !== undefined) {
    const eventsConfig = deps.config.events;
    const ingestDeps = { auth: deps.auth, environments: environmentDirectoryOf(deps.store), events: deps.events };
    app.register(ingestRoutes, { ...ingestDeps, ...(eventsConfig ? { eventsConfig } : {}) });
  }
  return app;
}

// The customer view reads the event store through the events package's reader and the flag set as SDKs are served
// it; its preview tokens are signed with a key derived from the server's preview key (a fresh one when none is given).
function customerDeps(deps: AppDeps): CustomerDeps {
  return {
    ...(deps.events === undefined ? {} : { customerEvents: new CustomerEventsReader(deps.events) }),
    currentFlagSet: {
      load: async () => {
        const snapshot = await loadFlagSetSnapshot(deps.store);
        return { flagSet: snapshot.flagSet, environments: [...snapshot.environments].sort() };
      },
    },
    previewSecret: customerPreviewSecret(deps.traffic?.previewKey ?? randomBytes(32).toString("hex")),
  };
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
