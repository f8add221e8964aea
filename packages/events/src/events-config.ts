import { parseClickHouseUrl } from "./clickhouse/clickhouse-url.js";

/** Settings of event ingest, storage and retention (part of the server configuration). */
export interface EventsConfig {
  /**
   * `SWITCHBOARD_EVENTS_URL`: a ClickHouse server (`clickhouse://user:password@host:8123/database`, `clickhouses://`
   * for HTTPS, or the HTTP interface's `http(s)://` URL) that keeps the events instead of the embedded DuckDB file.
   */
  eventsUrl: string | null;
  /** Keep the good items of a batch with bad ones (reporting the bad) instead of refusing the batch; `?partial=` wins. */
  partialByDefault: boolean;
  /** Items accepted but not yet committed, at most; beyond this ingest answers 429 with Retry-After. */
  queueMaxItems: number;
  /** Largest ingest body, compressed and after gunzip. */
  maxBodyBytes: number;
  /** Most items in one batch. */
  maxBatchItems: number;
  /** Days kept per environment (today included). */
  retentionDays: number;
  /** Events kept per environment, at most (oldest days go first); 0 = no limit. */
  retentionMaxEvents: number;
  /** Per-environment overrides, from `SWITCHBOARD_EVENTS_RETENTION_<ENV>_DAYS` style settings. */
  retentionByEnvironment: Readonly<Record<string, { maxAgeDays?: number; maxEventsPerEnvironment?: number }>>;
  /** Milliseconds between background retention passes. */
  retentionIntervalMs: number;
  /**
   * DuckDB read connections, so one person's heavy query does not queue everyone else's. Each running statement
   * holds one of Node's libuv threads (`switchboard` starts with 16), so more than ~12 buys nothing.
   */
  readConnections: number;
  /**
   * The embedded DuckDB's `memory_limit` (`SWITCHBOARD_EVENTS_MEMORY_LIMIT`, e.g. `512MB`, `2GB`): its buffer pool keeps
   * the blocks it wrote and read until it reaches this, so a server's resident memory grows with the events stored up
   * to it, then stays. Not used with ClickHouse.
   */
  memoryLimit: string;
}

/** The defaults, used when the server configuration leaves the events settings out. */
export const DEFAULT_EVENTS_CONFIG: Readonly<EventsConfig> = {
  eventsUrl: null,
  partialByDefault: false,
  queueMaxItems: 50_000,
  maxBodyBytes: 16 * 1024 * 1024,
  maxBatchItems: 10_000,
  retentionDays: 30,
  retentionMaxEvents: 0,
  retentionByEnvironment: {},
  retentionIntervalMs: 10 * 60_000,
  readConnections: 8,
  memoryLimit: "1GB",
};

/**
 * Reads the `SWITCHBOARD_EVENTS_*` settings, pushing every problem onto `problems`:
 * `SWITCHBOARD_EVENTS_URL`, `…_PARTIAL` (true/false), `…_QUEUE_MAX_ITEMS`, `…_MAX_BODY_BYTES`, `…_RETENTION_DAYS`,
 * `…_RETENTION_MAX_EVENTS`, `…_READ_CONNECTIONS`, `…_MEMORY_LIMIT`, and per environment `…_RETENTION_DAYS_<ENV>` / `…_RETENTION_MAX_EVENTS_<ENV>`.
 */
export function parseEventsConfig(env: Readonly<Record<string, string | undefined>>, problems: string[]): EventsConfig {
  const integer = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === "") return fallback;
    const value = Number(raw);
    if (Number.isInteger(value) && value >= min && value <= max) return value;
    problems.push(`${name} must be an integer from ${min} to ${max} (got "${raw}")`);
    return fallback;
  };
  const eventsUrl = env["SWITCHBOARD_EVENTS_URL"] || null;
  if (eventsUrl !== null) {
    try {
      parseClickHouseUrl(eventsUrl);
    } catch (error) {
      problems.push((error as Error).message);
    }
  }
  const partial = env["SWITCHBOARD_EVENTS_PARTIAL"];
  if (partial !== undefined && partial !== "" && partial !== "true" && partial !== "false") {
    problems.push(`SWITCHBOARD_EVENTS_PARTIAL must be true or false (got "${partial}")`);
  }
  const d = DEFAULT_EVENTS_CONFIG;
  const memoryLimit = env["SWITCHBOARD_EVENTS_MEMORY_LIMIT"] || d.memoryLimit;
  // Below ~100 MB DuckDB's own NDJSON reader cannot load a batch (it allocates 32 MB buffers), so ingest would fail.
  const bytes = memoryBytes(memoryLimit);
  if (bytes === undefined || bytes < 128e6) {
    problems.push(
      `SWITCHBOARD_EVENTS_MEMORY_LIMIT must be a size of at least 128MB, like 512MB or 2GB (got "${memoryLimit}")`,
    );
  }
  return {
    eventsUrl,
    partialByDefault: partial === "true",
    queueMaxItems: integer("SWITCHBOARD_EVENTS_QUEUE_MAX_ITEMS", d.queueMaxItems, 1, 10_000_000),
    maxBodyBytes: integer("SWITCHBOARD_EVENTS_MAX_BODY_BYTES", d.maxBodyBytes, 1024, 1 << 30),
    maxBatchItems: d.maxBatchItems,
    retentionDays: integer("SWITCHBOARD_EVENTS_RETENTION_DAYS", d.retentionDays, 1, 36_500),
    retentionMaxEvents: integer("SWITCHBOARD_EVENTS_RETENTION_MAX_EVENTS", d.retentionMaxEvents, 0, 1e12),
    retentionByEnvironment: perEnvironment(env, integer),
    retentionIntervalMs: d.retentionIntervalMs,
    readConnections: integer("SWITCHBOARD_EVENTS_READ_CONNECTIONS", d.readConnections, 1, 64),
    memoryLimit: bytes === undefined || bytes < 128e6 ? d.memoryLimit : memoryLimit,
  };
}

/** Bytes of a DuckDB size setting (`512MB`, `2GB`, `1.5GiB`; decimal and binary units), undefined when unreadable. */
function memoryBytes(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i.exec(text.trim());
  if (!match?.[1] || !match[2]) return undefined;
  const unit = match[2].toUpperCase();
  const power = { K: 1, M: 2, G: 3, T: 4 }[unit[0] as "K" | "M" | "G" | "T"];
  return Number(match[1]) * (unit.includes("I") ? 1024 : 1000) ** power;
}

function perEnvironment(
  env: Readonly<Record<string, string | undefined>>,
  integer: (name: string, fallback: number, min: number, max: number) => number,
): EventsConfig["retentionByEnvironment"] {
  const byEnvironment: Record<string, { maxAgeDays?: number; maxEventsPerEnvironment?: number }> = {};
  for (const name of Object.keys(env)) {
    const match = /^SWITCHBOARD_EVENTS_RETENTION_(DAYS|MAX_EVENTS)_(.+)$/.exec(name);
    if (!match?.[1] || !match[2]) continue;
    const environment = match[2].toLowerCase().replaceAll("_", "-");
    const entry = byEnvironment[environment] ?? {};
    byEnvironment[environment] = entry;
    if (match[1] === "DAYS") entry.maxAgeDays = integer(name, DEFAULT_EVENTS_CONFIG.retentionDays, 1, 36_500);
    else entry.maxEventsPerEnvironment = integer(name, 0, 0, 1e12);
  }
  return byEnvironment;
}

/**
 * The longest age any environment keeps: the ClickHouse tables' TTL, a backstop behind the retention pass that must
 * never drop what an environment's own limit still keeps.
 */
export function longestRetentionDays(config: EventsConfig): number {
  const overrides = Object.values(config.retentionByEnvironment).map((entry) => entry.maxAgeDays ?? 0);
  return Math.max(config.retentionDays, ...overrides);
}
