/**
 * How long the HTTP server waits for clients, and how many connections it holds (part of the server
 * configuration). The request and header timeouts cover *receiving* a request only: an answer that takes long to
 * produce (a query) or never ends (the SSE stream, proxy long-polls) is not cut by them.
 */
export interface HttpConfig {
  /** Time to receive a whole request, headers and body; a client that has not finished by then gets 408. */
  requestTimeoutMs: number;
  /** Time to receive the request headers (at most `requestTimeoutMs`). */
  headersTimeoutMs: number;
  /** How long an idle keep-alive connection is kept between requests. */
  keepAliveTimeoutMs: number;
  /** A connection with no traffic at all in either direction for this long is closed; longer than SSE heartbeats. */
  idleTimeoutMs: number;
  /** Connections held at once; further ones are closed on arrival. Keep it below the process's file limit. */
  maxConnections: number;
}

/** The defaults, used when the server configuration leaves the HTTP settings out. */
export const DEFAULT_HTTP_CONFIG: Readonly<HttpConfig> = {
  requestTimeoutMs: 30_000,
  headersTimeoutMs: 15_000,
  keepAliveTimeoutMs: 72_000,
  idleTimeoutMs: 300_000,
  maxConnections: 20_000,
};

// Proxies long-poll the data plane for up to a minute without a byte on the wire.
const LONGEST_SILENT_ANSWER_MS = 60_000;

/**
 * Reads `SWITCHBOARD_REQUEST_TIMEOUT_MS`, `…_HEADERS_TIMEOUT_MS`, `…_KEEP_ALIVE_TIMEOUT_MS`, `…_IDLE_TIMEOUT_MS`
 * and `SWITCHBOARD_MAX_CONNECTIONS`, pushing every problem onto `problems`.
 */
export function parseHttpConfig(
  env: Readonly<Record<string, string | undefined>>,
  heartbeatSeconds: number,
  problems: string[],
): HttpConfig {
  const integer = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === "") return fallback;
    const value = Number(raw);
    if (Number.isInteger(value) && value >= min && value <= max) return value;
    problems.push(`${name} must be an integer from ${min} to ${max} (got "${raw}")`);
    return fallback;
  };
  const d = DEFAULT_HTTP_CONFIG;
  const config: HttpConfig = {
    requestTimeoutMs: integer("SWITCHBOARD_REQUEST_TIMEOUT_MS", d.requestTimeoutMs, 100, 3_600_000),
    headersTimeoutMs: integer("SWITCHBOARD_HEADERS_TIMEOUT_MS", d.headersTimeoutMs, 100, 3_600_000),
    keepAliveTimeoutMs: integer("SWITCHBOARD_KEEP_ALIVE_TIMEOUT_MS", d.keepAliveTimeoutMs, 100, 3_600_000),
    idleTimeoutMs: integer("SWITCHBOARD_IDLE_TIMEOUT_MS", d.idleTimeoutMs, 1_000, 86_400_000),
    maxConnections: integer("SWITCHBOARD_MAX_CONNECTIONS", d.maxConnections, 1, 10_000_000),
  };
  problems.push(...inconsistencies(config, heartbeatSeconds));
  return config;
}

function inconsistencies(config: HttpConfig, heartbeatSeconds: number): string[] {
  const problems: string[] = [];
  if (config.headersTimeoutMs > config.requestTimeoutMs) {
    problems.push(
      `SWITCHBOARD_HEADERS_TIMEOUT_MS (${config.headersTimeoutMs}) must not exceed SWITCHBOARD_REQUEST_TIMEOUT_MS (${config.requestTimeoutMs})`,
    );
  }
  const silentMs = Math.max(heartbeatSeconds * 1000, LONGEST_SILENT_ANSWER_MS);
  if (config.idleTimeoutMs <= silentMs) {
    problems.push(
      `SWITCHBOARD_IDLE_TIMEOUT_MS (${config.idleTimeoutMs}) must exceed the SSE heartbeat and the 60 s proxy long-poll (${silentMs} ms), or it would cut them`,
    );
  }
  return problems;
}
