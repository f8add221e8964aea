import type { EventStore } from "@switchboard/events";
import type { FastifyBaseLogger } from "fastify";
import type { Authenticator } from "../auth/index.js";
import type { ServerConfig } from "../config/index.js";
import type { Clock } from "../kernel/index.js";
import type { ConfigStore } from "../store/index.js";
import type { TrafficOptions } from "../traffic/index.js";

/** Everything the HTTP app needs, built once by the composition root (`start-server.ts`) from config. */
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
