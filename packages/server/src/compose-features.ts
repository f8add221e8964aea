import { randomBytes } from "node:crypto";
import {
  CustomerEventsReader,
  createQueryService,
  type EventStore,
  ExperimentMetricsReader,
  FlagActivityReader,
  type IngestRouteDeps,
  type QueryService,
  queryRoutes,
} from "@switchboard/events";
import type { FastifyBaseLogger, FastifyInstance } from "fastify";
import type { Authenticator } from "./auth/index.js";
import type { ServerConfig } from "./config/index.js";
import {
  type CustomerDeps,
  controlRoutes,
  createServices,
  customerPreviewSecret,
  environmentDirectoryOf,
  type Services,
} from "./control-plane/index.js";
import { createHttpApp, type HttpFeatures, mountFeatures } from "./http/index.js";
import type { Clock } from "./kernel/index.js";
import { loadFlagSetSnapshot } from "./sdk-serving/index.js";
import type { ConfigStore } from "./store/index.js";
import {
  createTrafficControl,
  type TrafficControl,
  type TrafficOptions,
  trafficMarkerTitle,
  trafficRoutes,
} from "./traffic/index.js";

/** What the server's features are built from: the stores and authenticator chosen by config, and the clock. */
export interface AppDeps {
  config: ServerConfig;
  store: ConfigStore;
  auth: Authenticator;
  clock: Clock;
  /** The event store; the ingest endpoints are mounted only when it is given. */
  events?: EventStore;
  /** Where the app logs (unexpected errors, once each, with the request id); warnings and errors to stdout if left out. */
  logger?: FastifyBaseLogger;
  /** Data planes and the preview key of traffic control. */
  traffic?: TrafficOptions;
}

/** What `composeFeatures` needs beyond the app's dependencies: where background work reports (the app's logger). */
export interface FeatureDeps extends AppDeps {
  logger: FastifyBaseLogger;
}

/**
 * Every service, reader and background worker of one server, each built once: the HTTP app, the schedule runner, the
 * change-request pass and the monitor runner all use these same instances.
 */
export interface Features extends HttpFeatures {
  services: Services;
  trafficControl: TrafficControl;
  /** The event store's query service (the query route's and the monitors'); absent without an event store. */
  queries?: QueryService;
}

/**
 * The composition root's one constructor of features: the control-plane services over the config store, the event
 * store's readers, the query service and traffic control, and the HTTP app's view of them (routes, SDK serving,
 * ingest).
 */
export function composeFeatures(deps: FeatureDeps & { events: EventStore }): Features & { queries: QueryService };
export function composeFeatures(deps: FeatureDeps): Features;
export function composeFeatures(deps: FeatureDeps): Features {
  const services = createServices({
    ...deps,
    markerTitles: [trafficMarkerTitle],
    ...(deps.events === undefined
      ? {}
      : { metricTotals: new ExperimentMetricsReader(deps.events), flagActivity: new FlagActivityReader(deps.events) }),
    customers: customerDeps(deps),
  });
  const queries = deps.events === undefined ? undefined : createQueryService(deps.events, deps.clock, deps.logger);
  // Last: it starts the ramp runner, so nothing above may fail after background work began.
  const trafficControl = createTrafficControl(deps, {
    onError: (error) => deps.logger.warn({ err: error }, "traffic background work failed"),
    ...deps.traffic,
  });
  const routes = [
    ...controlRoutes(services),
    ...trafficRoutes(trafficControl),
    ...queryRoutes({ events: deps.events, clock: deps.clock, logger: deps.logger, queries }),
  ];
  const ingest = ingestDeps(deps);
  return {
    config: deps.config,
    store: deps.store,
    auth: deps.auth,
    routes,
    sdk: { config: deps.config, store: deps.store, auth: deps.auth, previews: services.customers.previews },
    ...(ingest === undefined ? {} : { ingest }),
    traffic: trafficControl,
    services,
    trafficControl,
    ...(queries === undefined ? {} : { queries }),
  };
}

/**
 * The HTTP app over freshly composed features (for tests and embedders; `startServer` composes them itself, since
 * its background runners share them). Not listening yet; call `listen` or use `inject` in tests.
 */
export function composeApp(deps: AppDeps): FastifyInstance {
  const app = createHttpApp(deps);
  // The app's own logger when none is given, so engine refusals and traffic failures are logged in production too.
  return mountFeatures(app, composeFeatures({ ...deps, logger: deps.logger ?? app.log }));
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

function ingestDeps(deps: AppDeps): IngestRouteDeps | undefined {
  if (deps.events === undefined) return undefined;
  const eventsConfig = deps.config.events;
  const environments = environmentDirectoryOf(deps.store);
  return { auth: deps.auth, environments, events: deps.events, ...(eventsConfig ? { eventsConfig } : {}) };
}
