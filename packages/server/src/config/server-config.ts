import type { EventsConfig } from "@switchboard/events";
import type { HttpConfig } from "./http-config.js";
import type { TrustProxy } from "./trust-proxy.js";

/** The server's configuration, parsed once at start-up (flags > `SWITCHBOARD_*` environment variables > defaults). */
export interface ServerConfig {
  host: string;
  port: number;
  /** Data directory of the embedded stores (created on first start). */
  dataDir: string;
  /** A PostgreSQL server instead of the embedded PGlite, e.g. `postgres://localhost:5432/switchboard`. */
  databaseUrl: string | null;
  /** Admin token to create on first start instead of a generated one. */
  adminToken: string | null;
  /** Largest accepted request body. */
  bodyLimitBytes: number;
  /** Production-like environments where editors must give a reason for every change. */
  reasonRequiredIn: readonly string[];
  /** Protected environments where an editor's change becomes a change request that another person approves. */
  // Optional so configs built in code (tests, benchmarks) need not name it; parsing always sets it.
  changeRequestsIn?: readonly string[];
  /**
   * Where each step of a change request is posted (Standard Webhooks, signed with the secret when given), retried
   * after 5xx answers and network errors (`retry` tunes how; the defaults suit production).
   */
  changeRequestWebhook?: {
    url: string;
    secret: string | null;
    retry?: { maxAttempts?: number; baseDelayMs?: number; maxDelayMs?: number; timeoutMs?: number };
  } | null;
  /** Environments created on first start. */
  initialEnvironments: readonly string[];
  /** Seconds between SSE heartbeats. */
  heartbeatSeconds: number;
  /** How long graceful shutdown waits for in-flight requests. */
  shutdownGraceMs: number;
  /** Retry hint (ms) sent to SSE clients when the server goes away. */
  streamRetryMs: number;
  /** Timeouts and the connection bound of the HTTP server; the defaults when left out. */
  http?: HttpConfig;
  /**
   * Which reverse proxies may name the client in `X-Forwarded-For` (Fastify's `trustProxy`): nobody by default,
   * so a client cannot pick the address its failed authentications are counted against. Left out means false.
   */
  trustProxy?: TrustProxy;
  /** Event ingest, storage and retention; the defaults when left out. */
  events?: EventsConfig;
  /**
   * The SMTP server alert e-mails go out through (`SWITCHBOARD_SMTP_URL`, e.g. `smtp://user:pass@mail:587`) and
   * their sender (`SWITCHBOARD_SMTP_FROM`); without it, e-mail channels record that nothing is configured.
   */
  smtp?: { url: string; from: string };
  /** The monitor runner's pace; the defaults (a pass every 5 s, a minute's wait for late events) when left out. */
  monitors?: MonitorRunnerConfig;
}

/**
 * How often the monitor runner looks for due monitors, how long it waits for a minute's late events, and how long
 * a server's lease on a monitor lasts without renewal (a killed server's monitors move to another after it).
 */
export interface MonitorRunnerConfig {
  intervalMs: number;
  lagMs: number;
  leaseMs: number;
}
