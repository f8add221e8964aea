export { type IngestRouteDeps, ingestRoutes, registerIngestRoutes } from "./ingest-routes.js";
export { type IngestOutcome, type IngestRequest, IngestService } from "./ingest-service.js";
