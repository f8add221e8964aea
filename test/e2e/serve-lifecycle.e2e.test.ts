import { mkdtempSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { api, openStream, type ServeProcess, startServe } from "./serve-process.js";

const dataDir = mkdtempSync(join(tmpdir(), "switchboard-serve-"));
const running: ServeProcess[] = [];

afterAll(() => {
  for (const server of running) server.child.kill("SIGKILL");
});

const flag = {
  key: "new-checkout",
  type: "boolean",
  defaultVariation: "off",
  environments: { production: { enabled: true, rules: [{ id: "everyone", kind: "force", serve: "on" }] } },
};

describe("switchboard serve, on the embedded store", () => {
  let first: ServeProcess;
  let sdkKey: string;

  test("first start creates the environments and prints a one-time admin token", async () => {
    first = await startServe({ dataDir });
    running.push(first);
    expect(first.adminToken).toMatch(/^sb_admin_/);
    expect((await fetch(`${first.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${first.url}/readyz`)).status).toBe(200);
    const environments = await api(first.url, first.adminToken ?? "", "GET", "/api/v1/environments");
    expect(environments.body.items.map((e: { key: string }) => e.key).sort()).toEqual([
      "development",
      "production",
      "staging",
    ]);
  });

  test("a flag created through the API is in the SDK payload of its environment", async () => {
    const admin = first.adminToken ?? "";
    const created = await api(first.url, admin, "POST", "/api/v1/tokens", {
      kind: "server-sdk",
      name: "checkout-service",
      environment: "production",
    });
    expect(created.status).toBe(201);
    sdkKey = created.body.secret;
    expect((await api(first.url, admin, "POST", "/api/v1/flags", flag)).status).toBe(201);
    const payload = await api(first.url, sdkKey, "GET", "/api/v1/sdk/payload");
    expect(payload.status).toBe(200);
    expect(payload.body.features["new-checkout"].defaultValue).toBe(false);
  });

  test("SIGTERM closes live streams with a retry hint and exits cleanly", async () => {
    const stream = await openStream(`${first.url}/api/v1/sdk/stream`, sdkKey);
    await stream.waitFor((event) => event.data.includes("new-checkout"));
    first.child.kill("SIGTERM");
    await stream.ended;
    expect(stream.raw()).toMatch(/retry: ?\d+/);
    expect(await first.exited).toBe(0);
  });

  test("a restart keeps flags and tokens, and prints no new admin token", async () => {
    const second = await startServe({ dataDir });
    running.push(second);
    expect(second.output()).not.toContain("Admin token");
    const read = await api(second.url, first.adminToken ?? "", "GET", "/api/v1/flags/new-checkout");
    expect(read.status).toBe(200);
    expect(read.body.version).toBe(1);
    second.child.kill("SIGTERM");
    expect(await second.exited).toBe(0);
  });
});

describe("graceful shutdown has a bound", () => {
  test("a request that never finishes is cut after the grace period instead of holding the shutdown", async () => {
    const server = await startServe({
      dataDir: mkdtempSync(join(tmpdir(), "switchboard-grace-")),
      env: { SWITCHBOARD_SHUTDOWN_GRACE_MS: "1000" },
    });
    running.push(server);
    const { port } = new URL(server.url);
    // A body announced but never sent: the request stays in flight for as long as the client wants.
    const socket = connect(Number(port), "127.0.0.1");
    await new Promise<void>((resolve) => socket.once("connect", () => resolve()));
    socket.write(
      "POST /api/v1/flags HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{",
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    const signalled = Date.now();
    server.child.kill("SIGTERM");
    expect(await server.exited).toBe(0);
    expect(Date.now() - signalled).toBeLessThan(8_000);
    expect(server.output()).toContain("closing their connections");
    socket.destroy();
  });
});
