import type { PoolStatus } from "@switchboard/proxy";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../http/testing/create-test-app.js";
import { ReportedStats } from "./reported-stats.js";

let t: TestApp;
const headers = { "x-change-reason": "release 2" };
const SERVICE = "/api/v1/traffic/services/production/web";

function figures(pool: string, requestsTotal: number, errorsTotal: number, requestRate = 10): PoolStatus {
  return {
    pool,
    healthy: true,
    backends: [{ address: `127.0.0.1:${pool === "a" ? 3001 : 3002}`, state: "up" }],
    requestRate,
    requestsTotal,
    errorsTotal,
    errorRate: requestsTotal === 0 ? null : errorsTotal / requestsTotal,
    latencyMs: 2,
  };
}

const report = (reporter: string, pools: PoolStatus[]) =>
  t.call("editor", { method: "POST", url: `${SERVICE}/data-plane/stats`, payload: { reporter, pools } });

beforeEach(async () => {
  t = await createTestApp();
  const created = await t.call("editor", {
    method: "POST",
    url: "/api/v1/traffic/services",
    headers,
    payload: {
      name: "web",
      environment: "production",
      pools: [
        { name: "a", backends: ["127.0.0.1:3001"] },
        { name: "b", backends: ["127.0.0.1:3002"] },
      ],
      dataPlane: { kind: "builtin" },
    },
  });
  expect(created.statusCode, created.body).toBe(201);
});
afterEach(async () => {
  await t.app.close();
});

describe("figures reported by remote built-in proxies", () => {
  it("shows the sum over every proxy in status, and says when none reported", async () => {
    const none = (await t.call("viewer", { method: "GET", url: `${SERVICE}/status` })).json();
    expect(none.dataPlane).toMatchObject({ kind: "builtin", reachable: false });
    expect((await report("host:1", [figures("a", 100, 1), figures("b", 0, 0, 0)])).statusCode).toBe(204);
    expect((await report("host:2", [figures("a", 50, 4), figures("b", 0, 0, 0)])).statusCode).toBe(204);
    const status = (await t.call("viewer", { method: "GET", url: `${SERVICE}/status` })).json();
    expect(status.dataPlane).toEqual({ kind: "builtin", reachable: true, error: null });
    expect(status.pools[0]).toMatchObject({ name: "a", healthy: true, requestRate: 20, requestsTotal: 150 });
    expect(status.pools[0].errorsTotal).toBe(5);
    expect((await report("host:1", [{ pool: "a" }] as unknown as PoolStatus[])).statusCode).toBe(400);
  });

  it("lets the ramp guard of a builtin service abort on the figures its proxies report", async () => {
    await report("host:1", [figures("a", 100, 0), figures("b", 100, 0)]);
    const plan = {
      pool: "b",
      steps: [{ percent: 10, pauseSeconds: 60 }, { percent: 100 }],
      guard: { maxErrorRate: 0.1, minRequests: 10, checkEverySeconds: 5 },
    };
    expect(
      (await t.call("editor", { method: "POST", url: `${SERVICE}/ramp`, headers, payload: { plan } })).statusCode,
    ).toBe(202);
    const planOf = async () => (await t.call("viewer", { method: "GET", url: SERVICE })).json().plan;
    for (let i = 0; i < 100 && (await planOf()).stepIndex < 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect((await planOf()).baseline).toEqual({ requestsTotal: 100, errorsTotal: 0 });
    await report("host:1", [figures("a", 200, 0), figures("b", 200, 40)]);
    t.clock.advance(5_000);
    for (let i = 0; i < 150 && (await planOf()).status === "running"; i++) await new Promise((r) => setTimeout(r, 20));
    const aborted = await planOf();
    expect(aborted.status).toBe("aborted");
    expect(aborted.outcome).toMatch(/error rate 40% of pool b is above 10%/);
  });

  it("keeps cumulative counters of a proxy that went quiet, and forgets its rates", () => {
    let now = 0;
    const stats = new ReportedStats(() => now);
    const ref = { environment: "production", name: "web" };
    stats.report(ref, "one", [figures("b", 100, 10)]);
    stats.report(ref, "two", [figures("b", 50, 0)]);
    now = 11_000;
    stats.report(ref, "two", [figures("b", 60, 0)]);
    const b = stats.status(ref).pools[0];
    expect(b).toMatchObject({ requestsTotal: 160, errorsTotal: 10, requestRate: 10 });
    now = 30_000;
    expect(() => stats.status(ref)).toThrow(/No built-in proxy reported/);
  });
});
