import { DEFAULT_EVENTS_CONFIG, parseEventsConfig } from "@switchboard/events";
import { adminTokenWeakness } from "./admin-token-strength.js";
import { DEFAULT_HTTP_CONFIG, parseHttpConfig } from "./http-config.js";
import type { ServerConfig } from "./server-config.js";
import { parseTrustProxy } from "./trust-proxy.js";

/** Options given on the command line; they win over environment variables. */
export interface ServerFlags {
  host?: string | undefined;
  port?: string | number | undefined;
  data?: string | undefined;
}

/** Every problem of a configuration at once, so a person fixes them in one go. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration:\n  ${problems.join("\n  ")}`);
    this.name = "ConfigError";
  }
}

const DEFAULTS: ServerConfig = {
  host: "0.0.0.0",
  port: 4242,
  dataDir: "./.switchboard",
  databaseUrl: null,
  adminToken: null,
  bodyLimitBytes: 1024 * 1024,
  reasonRequiredIn: ["production"],
  // Four-eyes approval is opt-in: a team turns it on for the environments its auditors name.
  changeRequestsIn: [],
  changeRequestWebhook: null,
  initialEnvironments: ["development", "staging", "production"],
  heartbeatSeconds: 25,
  shutdownGraceMs: 10_000,
  // With the SDK's jittered reconnect this spreads a fleet over the second after a stream ends (a restart).
  streamRetryMs: 1_000,
  http: DEFAULT_HTTP_CONFIG,
  trustProxy: false,
  events: DEFAULT_EVENTS_CONFIG,
  monitors: { intervalMs: 5_000, lagMs: 60_000, leaseMs: 60_000 },
};

/**
 * Builds the server configuration from flags > `SWITCHBOARD_*` environment variables > defaults.
 * The only place in the server that reads the environment; throws ConfigError listing every problem.
 */
export function parseServerConfig(flags: ServerFlags, env: Readonly<Record<string, string | undefined>>): ServerConfig {
  const problems: string[] = [];
  const integer = (name: string, raw: string | number | undefined, fallback: number, min: number, max: number) => {
    if (raw === undefined || raw === "") return fallback;
    const value = Number(raw);
    if (Number.isInteger(value) && value >= min && value <= max) return value;
    problems.push(`${name} must be an integer from ${min} to ${max} (got "${raw}")`);
    return fallback;
  };
  const list = (raw: string | undefined, fallback: readonly string[]) =>
    raw === undefined
      ? fallback
      : raw
          .split(",")
          .map((item) => item.trim())
          .filter(Boolean);

  const databaseUrl = env["SWITCHBOARD_DATABASE_URL"] || null;
  if (databaseUrl !== null && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    problems.push(`SWITCHBOARD_DATABASE_URL must start with postgres:// (got "${databaseUrl}")`);
  }
  const adminToken = env["SWITCHBOARD_ADMIN_TOKEN"] || null;
  const adminTokenProblem = adminToken === null ? undefined : adminTokenWeakness(adminToken);
  if (adminTokenProblem !== undefined) problems.push(adminTokenProblem);
  const webhookUrl = env["SWITCHBOARD_CHANGE_REQUEST_WEBHOOK_URL"] || null;
  if (webhookUrl !== null && !/^https?:\/\/[^\s]+$/.test(webhookUrl))
    problems.push(`SWITCHBOARD_CHANGE_REQUEST_WEBHOOK_URL must be an http(s) URL (got "${webhookUrl}")`);
  const webhookSecret = env["SWITCHBOARD_CHANGE_REQUEST_WEBHOOK_SECRET"] || null;
  if (webhookSecret !== null && !/^whsec_[A-Za-z0-9+/]+=*$/.test(webhookSecret))
    problems.push("SWITCHBOARD_CHANGE_REQUEST_WEBHOOK_SECRET must be a Standard Webhooks secret (whsec_<base64>)");
  const config: ServerConfig = {
    host: flags.host ?? env["SWITCHBOARD_HOST"] ?? DEFAULTS.host,
    port: integer("port (--port / SWITCHBOARD_PORT)", flags.port ?? env["SWITCHBOARD_PORT"], DEFAULTS.port, 0, 65535),
    dataDir: flags.data ?? env["SWITCHBOARD_DATA_DIR"] ?? DEFAULTS.dataDir,
    databaseUrl,
    adminToken,
    bodyLimitBytes: integer(
      "SWITCHBOARD_BODY_LIMIT_BYTES",
      env["SWITCHBOARD_BODY_LIMIT_BYTES"],
      DEFAULTS.bodyLimitBytes,
      1024,
      1 << 30,
    ),
    reasonRequiredIn: list(env["SWITCHBOARD_REASON_REQUIRED_IN"], DEFAULTS.reasonRequiredIn),
    changeRequestsIn: list(env["SWITCHBOARD_CHANGE_REQUESTS_IN"], []),
    changeRequestWebhook: webhookUrl === null ? null : { url: webhookUrl, secret: webhookSecret },
    initialEnvironments: list(env["SWITCHBOARD_ENVIRONMENTS"], DEFAULTS.initialEnvironments),
    heartbeatSeconds: integer(
      "SWITCHBOARD_HEARTBEAT_SECONDS",
      env["SWITCHBOARD_HEARTBEAT_SECONDS"],
      DEFAULTS.heartbeatSeconds,
      1,
      3600,
    ),
    shutdownGraceMs: integer(
      "SWITCHBOARD_SHUTDOWN_GRACE_MS",
      env["SWITCHBOARD_SHUTDOWN_GRACE_MS"],
      DEFAULTS.shutdownGraceMs,
      0,
      600_000,
    ),
    streamRetryMs: DEFAULTS.streamRetryMs,
    http: DEFAULT_HTTP_CONFIG,
    trustProxy: parseTrustProxy(env["SWITCHBOARD_TRUST_PROXY"], problems),
    events: parseEventsConfig(env, problems),
    monitors: {
      intervalMs: integer(
        "SWITCHBOARD_MONITOR_INTERVAL_MS",
        env["SWITCHBOARD_MONITOR_INTERVAL_MS"],
        5_000,
        100,
        600_000,
      ),
      lagMs: integer("SWITCHBOARD_MONITOR_LAG_MS", env["SWITCHBOARD_MONITOR_LAG_MS"], 60_000, 0, 3_600_000),
      leaseMs: integer("SWITCHBOARD_MONITOR_LEASE_MS", env["SWITCHBOARD_MONITOR_LEASE_MS"], 60_000, 1_000, 3_600_000),
    },
  };
  const smtpUrl = env["SWITCHBOARD_SMTP_URL"] || null;
  if (smtpUrl !== null) {
    if (!/^smtps?:\/\//.test(smtpUrl)) problems.push("SWITCHBOARD_SMTP_URL must start with smtp:// or smtps://");
    config.smtp = { url: smtpUrl, from: env["SWITCHBOARD_SMTP_FROM"] || "Switchboard <switchboard@localhost>" };
  }
  config.http = parseHttpConfig(env, config.heartbeatSeconds, problems);
  // Each pass renews the leases it holds: a lease shorter than a few passes would lapse between two of them and let
  // another server run the same monitor.
  const monitors = config.monitors;
  if (monitors !== undefined && monitors.leaseMs < 3 * monitors.intervalMs)
    problems.push("SWITCHBOARD_MONITOR_LEASE_MS must be at least 3 × SWITCHBOARD_MONITOR_INTERVAL_MS");
  if (config.initialEnvironments.length === 0)
    problems.push("SWITCHBOARD_ENVIRONMENTS must name at least one environment");
  if (problems.length) throw new ConfigError(problems);
  return config;
}

/** The defaults, for tests and documentation. */
export const DEFAULT_SERVER_CONFIG: Readonly<ServerConfig> = DEFAULTS;
