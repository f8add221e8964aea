export type { Clock } from "./clock.js";
export type { EnvironmentDirectory } from "./environment-directory.js";
export type { EventsLogger, EventsRoute } from "./events-route.js";
export type { IngestAuthenticator, IngestPrincipal } from "./ingest-authenticator.js";
export type { PeriodicPass, PeriodicPassOptions, StartPeriodicPass } from "./periodic-pass.js";
