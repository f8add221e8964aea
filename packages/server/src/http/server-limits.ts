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

/**
 * How many finished TCP handshakes may wait for the server to accept them. Node's default (511) overflows when a
 * fleet of SDKs reconnects after a restart: 1,000 streams arrive within the clients' 500 ms probe window while a
 * freshly started (not yet optimised) process accepts them at ~1.5 a millisecond. The kernel then drops the
 * handshakes it cannot queue, and each dropped client waits out its 1 s SYN retransmission timer before trying
 * again. The kernel caps this at `net.core.somaxconn` (4,096 on current Linux).
 */
export const LISTEN_BACKLOG = 4_096;
