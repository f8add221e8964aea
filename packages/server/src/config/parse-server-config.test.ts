import { describe, expect, test } from "vitest";
import { ConfigError, DEFAULT_SERVER_CONFIG, parseServerConfig } from "./parse-server-config.js";

describe("server configuration", () => {
  test("defaults: port 4242, data in ./.switchboard, embedded store, three environments", () => {
    const config = parseServerConfig({}, {});
    expect(config).toEqual(DEFAULT_SERVER_CONFIG);
    expect(config.port).toBe(4242);
    expect(config.databaseUrl).toBeNull();
    expect(config.initialEnvironments).toEqual(["development", "staging", "production"]);
  });

  test("the monitor runner's pass interval, late-event wait and lease: 5 s, a minute and a minute by default, bounded", () => {
    expect(parseServerConfig({}, {}).monitors).toEqual({ intervalMs: 5_000, lagMs: 60_000, leaseMs: 60_000 });
    expect(
      parseServerConfig(
        {},
        {
          SWITCHBOARD_MONITOR_INTERVAL_MS: "500",
          SWITCHBOARD_MONITOR_LAG_MS: "3000",
          SWITCHBOARD_MONITOR_LEASE_MS: "5000",
        },
      ).monitors,
    ).toEqual({ intervalMs: 500, lagMs: 3_000, leaseMs: 5_000 });
    // A lease that could lapse between two passes would let a second server run the monitor.
    expect(() =>
      parseServerConfig({}, { SWITCHBOARD_MONITOR_INTERVAL_MS: "5000", SWITCHBOARD_MONITOR_LEASE_MS: "10000" }),
    ).toThrow(/SWITCHBOARD_MONITOR_LEASE_MS must be at least 3 × SWITCHBOARD_MONITOR_INTERVAL_MS/);
    expect(() => parseServerConfig({}, { SWITCHBOARD_MONITOR_LEASE_MS: "500" })).toThrow(
      /SWITCHBOARD_MONITOR_LEASE_MS must be an integer from 1000 to 3600000/,
    );
    expect(() =>
      parseServerConfig({}, { SWITCHBOARD_MONITOR_INTERVAL_MS: "10", SWITCHBOARD_MONITOR_LAG_MS: "-1" }),
    ).toThrow(/SWITCHBOARD_MONITOR_INTERVAL_MS must be an integer from 100 to 600000[\s\S]*SWITCHBOARD_MONITOR_LAG_MS/);
  });

  test("reads the SMTP server of alert e-mails and refuses a URL of another scheme", () => {
    expect(parseServerConfig({}, { SWITCHBOARD_SMTP_URL: "smtp://u:p@mail.test:587" }).smtp).toEqual({
      url: "smtp://u:p@mail.test:587",
      from: "Switchboard <switchboard@localhost>",
    });
    const from = { SWITCHBOARD_SMTP_URL: "smtps://mail.test", SWITCHBOARD_SMTP_FROM: "alerts@example.com" };
    expect(parseServerConfig({}, from).smtp).toEqual({ url: "smtps://mail.test", from: "alerts@example.com" });
    expect(() => parseServerConfig({}, { SWITCHBOARD_SMTP_URL: "http://mail.test" })).toThrow(/SWITCHBOARD_SMTP_URL/);
  });

  test("flags win over environment variables, which win over defaults", () => {
    const env = { SWITCHBOARD_PORT: "5000", SWITCHBOARD_DATA_DIR: "/var/sb", SWITCHBOARD_HOST: "127.0.0.1" };
    expect(parseServerConfig({}, env)).toMatchObject({ port: 5000, dataDir: "/var/sb", host: "127.0.0.1" });
    expect(parseServerConfig({ port: "6000", data: "/tmp/x" }, env)).toMatchObject({ port: 6000, dataDir: "/tmp/x" });
  });

  test("reads the database URL, the admin token and the list settings", () => {
    const config = parseServerConfig(
      {},
      {
        SWITCHBOARD_DATABASE_URL: "postgres://127.0.0.1:5432/sb",
        SWITCHBOARD_ADMIN_TOKEN: "a-long-enough-admin-token-0123456789",
        SWITCHBOARD_REASON_REQUIRED_IN: "production, staging",
      },
    );
    expect(config.databaseUrl).toBe("postgres://127.0.0.1:5432/sb");
    expect(config.adminToken).toBe("a-long-enough-admin-token-0123456789");
    expect(config.reasonRequiredIn).toEqual(["production", "staging"]);
  });

  test("protects no environment with change requests unless named", () => {
    expect(parseServerConfig({}, {}).changeRequestsIn).toEqual([]);
    const named = parseServerConfig({}, { SWITCHBOARD_CHANGE_REQUESTS_IN: "production,staging" });
    expect(named.changeRequestsIn).toEqual(["production", "staging"]);
    const hook = { SWITCHBOARD_CHANGE_REQUEST_WEBHOOK_URL: "ftp://x", SWITCHBOARD_CHANGE_REQUEST_WEBHOOK_SECRET: "s" };
    expect(() => parseServerConfig({}, hook)).toThrow(/WEBHOOK_URL must be an http\(s\) URL[\s\S]*whsec_/);
  });

  test("reports every problem at once", () => {
    let error: unknown;
    try {
      parseServerConfig({ port: "http" }, { SWITCHBOARD_DATABASE_URL: "mysql://x", SWITCHBOARD_ADMIN_TOKEN: "short" });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toHaveLength(3);
    expect((error as ConfigError).message).toContain(
      'port (--port / SWITCHBOARD_PORT) must be an integer from 0 to 65535 (got "http")',
    );
  });

  test("D2: refuses a chosen admin token shorter than 32 characters or with little variety, saying how to make one", () => {
    for (const weak of ["correct-horse-battery-staple-42", "a".repeat(40), "abababababababababababababababab"]) {
      expect(() => parseServerConfig({}, { SWITCHBOARD_ADMIN_TOKEN: weak })).toThrow(/openssl rand -base64 32/);
    }
    const strong = "Gv4k9Qx2PzLw7Rt1Ns8Hd3Jm6Yc5Bf0Ea_";
    expect(parseServerConfig({}, { SWITCHBOARD_ADMIN_TOKEN: strong }).adminToken).toBe(strong);
  });

  test("D2: SWITCHBOARD_TRUST_PROXY is off by default and takes true, a hop count or addresses and CIDRs", () => {
    const trust = (value: string | undefined) => parseServerConfig({}, { SWITCHBOARD_TRUST_PROXY: value }).trustProxy;
    expect(trust(undefined)).toBe(false);
    expect(trust("true")).toBe(true);
    expect(trust("2")).toBe(2);
    expect(trust("10.0.0.0/8, 127.0.0.1, ::1")).toEqual(["10.0.0.0/8", "127.0.0.1", "::1"]);
    expect(() => trust("10.0.0.0/33")).toThrow(/SWITCHBOARD_TRUST_PROXY must be/);
    expect(() => trust("yes")).toThrow(/SWITCHBOARD_TRUST_PROXY must be/);
  });
});

describe("HTTP limits", () => {
  test("D4: reads the request, header, keep-alive and idle timeouts and the connection bound", () => {
    const config = parseServerConfig(
      {},
      {
        SWITCHBOARD_REQUEST_TIMEOUT_MS: "20000",
        SWITCHBOARD_HEADERS_TIMEOUT_MS: "5000",
        SWITCHBOARD_KEEP_ALIVE_TIMEOUT_MS: "10000",
        SWITCHBOARD_IDLE_TIMEOUT_MS: "120000",
        SWITCHBOARD_MAX_CONNECTIONS: "900",
      },
    );
    expect(config.http).toEqual({
      requestTimeoutMs: 20_000,
      headersTimeoutMs: 5_000,
      keepAliveTimeoutMs: 10_000,
      idleTimeoutMs: 120_000,
      maxConnections: 900,
    });
  });

  test("D4: refuses a header timeout above the request timeout and an idle timeout that would cut SSE streams", () => {
    expect(() =>
      parseServerConfig(
        {},
        {
          SWITCHBOARD_REQUEST_TIMEOUT_MS: "1000",
          SWITCHBOARD_HEADERS_TIMEOUT_MS: "2000",
          SWITCHBOARD_IDLE_TIMEOUT_MS: "30000",
        },
      ),
    ).toThrow(/HEADERS_TIMEOUT_MS \(2000\) must not exceed[\s\S]*IDLE_TIMEOUT_MS \(30000\) must exceed/);
  });
});
