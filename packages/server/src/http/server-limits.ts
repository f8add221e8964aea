import type { Server } from "node:http";
import type { FastifyHttpOptions, FastifyInstance } from "fastify";
import type { HttpConfig } from "../config/index.js";

/**
 * Fastify's server options for the configured timeouts. Node checks the request and header timeouts on an
 * interval; a tenth of the header timeout keeps a slow client's overstay small without a busy timer.
 */
export function serverTimeoutOptions(config: HttpConfig): FastifyHttpOptions<Server> {
  return {
    requestTimeout: config.requestTimeoutMs,
    keepAliveTimeout: config.keepAliveTimeoutMs,
    connectionTimeout: config.idleTimeoutMs,
    http: {
      headersTimeout: config.headersTimeoutMs,
      connectionsCheckingInterval: Math.min(5_000, Math.max(100, Math.floor(config.headersTimeoutMs / 10))),
    },
  };
}

/** Bounds the connections held at once, so slow or idle clients cannot use up the process's file descriptors. */
export function boundConnections(app: FastifyInstance, config: HttpConfig): void {
  app.server.maxConnections = config.maxConnections;
}
