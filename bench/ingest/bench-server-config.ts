import { DEFAULT_EVENTS_CONFIG } from "../../packages/events/src/events-config.js";
import type { ServerConfig } from "../../packages/server/src/config/index.js";

/** The server settings of the ingest benchmarks: loopback, a 1 MB body limit, no reasons required. */
export function benchServerConfig(dataDir: string, initialEnvironments: string[]): ServerConfig {
  return {
    host: "127.0.0.1",
    port: 0,
    dataDir,
    databaseUrl: null,
    adminToken: null,
    bodyLimitBytes: 1024 * 1024,
    reasonRequiredIn: [],
    initialEnvironments,
    heartbeatSeconds: 25,
    shutdownGraceMs: 1000,
    streamRetryMs: 2000,
    events: DEFAULT_EVENTS_CONFIG,
  };
}
