import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../http/testing/create-test-app.js";
import { contractService } from "../traffic-backend.contract.js";
import { type HaproxyProcess, startHaproxy, startTinyBackend, type TinyBackend } from "./testing/haproxy-process.js";

let t: TestApp;
let haproxy: HaproxyProcess;
let backends: TinyBackend[];
const headers = { "x-change-reason": "release bbbbbbb" };
const SERVICE = "/api/v1/traffic/services/production/web";

beforeAll(async () => {
  backends = [await startTinyBackend("A"), await startTinyBackend("B")];
  const [a, b] = backends.map((x) => x.address) as [string, string];
  const spec = contractService({ a: [a], b: [b] });
  haproxy = await startHaproxy(spec, { target: { kind: "pool", pool: "a" }, sticky: null, overrides: [] });
  t = await createTestApp();
  const created = await t.call("editor", {
    method: "POST",
    url: "/api/v1/traffic/services",
    headers,
    payload: {
      name: "web",
      environment: "production",
      pools: [
        { name: "a", release: "aaaaaaa", backends: [a] },
        { name: "b", release: "bbbbbbb", backends: [b] },
      ],
      dataPlane: { kind: "haproxy", runtimeApi: haproxy.runtimeApi, mapDir: haproxy.mapDir },
    },
  });
  expect(created.statusCode, created.body).toBe(201);
}, 30_000);

afterAll(async () => {
  await t?.app.close();
  await haproxy?.stop();
  await Promise.all((backends ?? []).map((b) => b.close()));
});

const post = (path: string, payload: unknown) =>
  t.call("editor", { method: "POST", url: `${SERVICE}/${path}`, headers, payload });
const served = async () => (await (await request(haproxy.url)).body.text()).toLowerCase();
async function serveMany(count: number): Promise<string[]> {
  return Promise.all(Array.from({ length: count }, () => served()));
}

describe("traffic control through the API in front of a real HAProxy", () => {
  it("switches to B, goes back to A, and reports live figures per pool", async () => {
    expect((await post("switch", { pool: "b" })).statusCode).toBe(200);
    expect(new Set(await serveMany(10))).toEqual(new Set(["b"]));
    expect((await post("back", {})).statusCode).toBe(200);
    expect(new Set(await serveMany(10))).toEqual(new Set(["a"]));
    const status = (await t.call("viewer", { method: "GET", url: `${SERVICE}/status` })).json();
    expect(status.dataPlane).toEqual({ kind: "haproxy", reachable: true, error: null });
    expect(status.pools[0]).toMatchObject({ name: "a", percent: 100, healthy: true });
    expect(status.pools[1].requestsTotal).toBeGreaterThanOrEqual(10);
  });

  it("drains the idle pool through HAProxy", async () => {
    expect((await post("drain", { pool: "b" })).statusCode).toBe(200);
    const status = (await t.call("viewer", { method: "GET", url: `${SERVICE}/status` })).json();
    expect(status.pools[1].backendStates.map((s: { state: string }) => s.state)).toEqual(["drain"]);
  });

  it("aborts a guarded ramp when the new pool answers 5xx, and goes back to A by itself", async () => {
    const b = backends[1] as TinyBackend;
    b.failing = true;
    const started = await post("ramp", {
      plan: {
        pool: "b",
        steps: [{ percent: 50, pauseSeconds: 20 }, { percent: 100 }],
        guard: { maxErrorRate: 0.1, minRequests: 5, checkEverySeconds: 0.1 },
      },
    });
    expect(started.statusCode, started.body).toBe(202);
    let plan: { status: string; outcome: string | null } = { status: "running", outcome: null };
    for (let i = 0; i < 300 && plan.status === "running"; i++) {
      await serveMany(10);
      // Plans run by the server's clock: move it on (well within the step's pause) so guard checks fall due, and
      // give the runner's timer a moment.
      t.clock.advance(50);
      await new Promise((resolve) => setTimeout(resolve, 10));
      plan = (await t.call("viewer", { method: "GET", url: SERVICE })).json().plan;
    }
    b.failing = false;
    expect(plan.status).toBe("aborted");
    expect(plan.outcome).toMatch(/error rate .* of pool b is above 10%/);
    expect(new Set(await serveMany(10))).toEqual(new Set(["a"]));
  }, 30_000);
});
