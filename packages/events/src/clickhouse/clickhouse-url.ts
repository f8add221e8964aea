/** Where the ClickHouse event store connects: an HTTP(S) endpoint, credentials and a database. */
export interface ClickHouseTarget {
  /** `http(s)://host:port`, without credentials or path. */
  url: string;
  database: string;
  username: string;
  password: string;
}

/** The database used when the URL names none. */
export const DEFAULT_CLICKHOUSE_DATABASE = "switchboard";

/**
 * Reads `SWITCHBOARD_EVENTS_URL`: `clickhouse://user:password@host:8123/database` (HTTP; `clickhouses://` for
 * HTTPS, port 8443) or the HTTP interface's own `http(s)://user:password@host:port/database`. Throws an Error whose
 * message names the problem.
 */
export function parseClickHouseUrl(text: string): ClickHouseTarget {
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    throw new Error(`SWITCHBOARD_EVENTS_URL is not a URL (got "${redacted(text)}")`);
  }
  const schemes: Record<string, { protocol: string; port: string }> = {
    "clickhouse:": { protocol: "http:", port: "8123" },
    "clickhouses:": { protocol: "https:", port: "8443" },
    "http:": { protocol: "http:", port: "8123" },
    "https:": { protocol: "https:", port: "8443" },
  };
  const scheme = schemes[parsed.protocol];
  if (scheme === undefined) {
    throw new Error(
      `SWITCHBOARD_EVENTS_URL must start with clickhouse://, clickhouses://, http:// or https:// (got "${redacted(text)}")`,
    );
  }
  if (parsed.hostname === "") throw new Error("SWITCHBOARD_EVENTS_URL names no host");
  const database = decodeURIComponent(parsed.pathname.replace(/^\/+|\/+$/g, "")) || DEFAULT_CLICKHOUSE_DATABASE;
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(database)) {
    throw new Error(`SWITCHBOARD_EVENTS_URL: the database name must be letters, digits and _ (got "${database}")`);
  }
  return {
    url: `${scheme.protocol}//${parsed.hostname}:${parsed.port || scheme.port}`,
    database,
    username: decodeURIComponent(parsed.username) || "default",
    password: decodeURIComponent(parsed.password),
  };
}

/** The URL with its password replaced, for messages and logs. */
export function redacted(text: string): string {
  return text.replace(/\/\/([^:/@]*):[^@/]*@/, "//$1:***@");
}
