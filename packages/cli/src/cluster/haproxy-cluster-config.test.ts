import { describe, expect, it } from "vitest";
import { CLUSTER_CONFIG_DEFAULTS, haproxyClusterConfig, parseClusterServer } from "./haproxy-cluster-config.js";

describe("parseClusterServer", () => {
  it("reads host:port, name=host:port and bracketed IPv6, naming unnamed servers by position", () => {
    expect(parseClusterServer("10.0.0.5:4242", 0)).toEqual({ name: "s1", host: "10.0.0.5", port: 4242 });
    expect(parseClusterServer("app-b=app-b.internal:80", 1)).toEqual({
      name: "app-b",
      host: "app-b.internal",
      port: 80,
    });
    expect(parseClusterServer("[::1]:4300", 2)).toEqual({ name: "s3", host: "[::1]", port: 4300 });
  });

  it("names what is wrong with a bad address or name", () => {
    expect(parseClusterServer("10.0.0.5", 0)).toMatch(/is not host:port/);
    expect(parseClusterServer("10.0.0.5:70000", 0)).toMatch(/is not host:port/);
    expect(parseClusterServer("a b=10.0.0.5:1", 0)).toMatch(/server name "a b"/);
    expect(parseClusterServer("x=host:4242; rm -rf", 0)).toMatch(/is not host:port/);
  });
});

describe("haproxyClusterConfig", () => {
  const first = { name: "s1", host: "127.0.0.1", port: 4301 };
  const servers = [first, { name: "s2", host: "127.0.0.1", port: 4302 }];

  it("checks /readyz, balances by least connections, cuts a down server's streams and outlasts the heartbeat", () => {
    const config = haproxyClusterConfig({ ...CLUSTER_CONFIG_DEFAULTS, servers, heartbeatSeconds: 20 });
    expect(config).toContain("http-check send meth GET uri /readyz");
    expect(config).toContain("balance leastconn");
    expect(config).toContain("on-marked-down shutdown-sessions");
    expect(config).toMatch(/timeout server 55s/);
    expect(config).toMatch(/timeout client 55s/);
    expect(config).toContain("retry-on conn-failure");
    expect(config).not.toMatch(/retry-on .*(empty-response|response-timeout)/);
    expect(config).toContain("server s1 127.0.0.1:4301 check inter 1000ms fall 2 rise 2");
    expect(config).toContain("server s2 127.0.0.1:4302 check");
    expect(config).toContain("bind :4242");
  });

  it("refuses two servers with one name and an empty list", () => {
    expect(() => haproxyClusterConfig({ ...CLUSTER_CONFIG_DEFAULTS, servers: [first, first] })).toThrow(
      /two servers are named "s1"/,
    );
    expect(() => haproxyClusterConfig({ ...CLUSTER_CONFIG_DEFAULTS, servers: [] })).toThrow(/at least one/);
  });
});
