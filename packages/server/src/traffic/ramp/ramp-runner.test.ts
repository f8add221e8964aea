import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ManualClock } from "../../http/testing/create-test-app.js";
import type { WriteContext } from "../../kernel/write-context.js";
import { FakeConfigStore } from "../../store/fake-config-store.js";
import { FakeTrafficBackend } from "../fake-traffic-backend.js";
import { TrafficService } from "../service/traffic-service.js";
import { RampRunner } from "./ramp-runner.js";

const alice: WriteContext = { actor: "alice", role: "editor", reason: "release 2" };
const ref = { name: "web", environment: "production" };
let store: FakeConfigStore;
let clock: ManualClock;
let backend: FakeTrafficBackend;
const runners: RampRunner[] = [];

/** One server: its own traffic service and plan runner over the shared store and data plane. */
function server(): { traffic: TrafficService; runner: RampRunner } {
  const traffic = new TrafficService({
    store,
    clock,
    config: { reasonRequiredIn: ["production"] },
    backendFor: () => backend,
    previewKey: "k",
  });
  const runner = new RampRunner(traffic);
  runners.push(runner);
  return { traffic, runner };
}

beforeEach(async () => {
  clock = new ManualClock();
  store = new FakeConfigStore(clock);
  backend = new FakeTrafficBackend();
  await store.createDocument("environment", "production", {}, { actor: "system", action: "environment.create" });
  const pools = [
    { name: "a", backends: ["127.0.0.1:1"] },
    { name: "b", backends: ["127.0.0.1:2"] },
  ];
  await server().traffic.create({ name: "web", environment: "production", pools }, alice);
});
afterEach(async () => {
  await Promise.all(runners.splice(0).map((runner) => runner.close()));
});

const plan = (guard?: Record<string, number>) => ({
  plan: {
    pool: "b",
    steps: [
      { percent: 10, pauseSeconds: 60 },
      { percent: 50, pauseSeconds: 60 },
      { percent: 100, pauseSeconds: 0 },
    ],
    ...(guard === undefined ? {} : { guard }),
  },
});

async function rampActions(): Promise<string[]> {
  const changes = await store.listChanges({ subjectKind: "service", ascending: true });
  return changes.map((c) => c.action).filter((a) => a.startsWith("traffic.ramp") || a.startsWith("traffic.plan"));
}

describe("RampRunner", () => {
  it("carries a plan on after a restart: a new server on the same store applies the remaining steps", async () => {
    const first = server();
    await first.runner.ramp(ref, plan(), alice);
    await first.runner.runOnce();
    expect((await first.traffic.get(ref)).body.plan?.stepIndex).toBe(0);
    await first.runner.close();

    clock.advance(61_000);
    const second = server();
    await second.runner.runOnce();
    const atStep2 = (await second.traffic.get(ref)).body;
    expect(atStep2.plan).toMatchObject({ status: "running", stepIndex: 1 });
    expect(atStep2.routing.target).toEqual({
      kind: "split",
      weights: [
        { pool: "a", percent: 50 },
        { pool: "b", percent: 50 },
      ],
    });
    clock.advance(59_000);
    await second.runner.runOnce();
    expect((await second.traffic.get(ref)).body.plan?.stepIndex).toBe(1);
    clock.advance(1_000);
    await second.runner.runOnce();
    const done = (await second.traffic.get(ref)).body;
    expect(done.plan?.status).toBe("done");
    expect(done.routing.target).toEqual({ kind: "pool", pool: "b" });
    expect(backend.routingOf(ref)?.target).toEqual({ kind: "pool", pool: "b" });
    expect(await rampActions()).toEqual([
      "traffic.plan.start",
      "traffic.ramp",
      "traffic.ramp",
      "traffic.ramp",
      "traffic.plan.done",
    ]);
  });

  it("applies each step exactly once when several servers find it due at the same time", async () => {
    const servers = [server(), server(), server()];
    await servers[0]?.runner.ramp(ref, plan(), alice);
    for (let round = 0; round < 3; round++) {
      await Promise.all(servers.map((s) => s.runner.runOnce()));
      clock.advance(60_000);
    }
    await Promise.all(servers.map((s) => s.runner.runOnce()));
    expect(await rampActions()).toEqual([
      "traffic.plan.start",
      "traffic.ramp",
      "traffic.ramp",
      "traffic.ramp",
      "traffic.plan.done",
    ]);
  });

  it("keeps the guard across a restart: the step's baseline is stored, so the new server counts from it", async () => {
    const first = server();
    backend.setPoolStats(ref, "b", { requestsTotal: 1_000, errorsTotal: 500 });
    await first.runner.ramp(ref, plan({ maxErrorRate: 0.05, minRequests: 10, checkEverySeconds: 5 }), alice);
    await first.runner.runOnce();
    expect((await first.traffic.get(ref)).body.plan?.baseline).toEqual({ requestsTotal: 1_000, errorsTotal: 500 });
    await first.runner.close();

    const second = server();
    backend.setPoolStats(ref, "b", { requestsTotal: 1_100, errorsTotal: 502 });
    clock.advance(5_000);
    await second.runner.runOnce();
    expect((await second.traffic.get(ref)).body.plan?.status).toBe("running");
    backend.setPoolStats(ref, "b", { requestsTotal: 1_200, errorsTotal: 540 });
    clock.advance(5_000);
    await second.runner.runOnce();
    const aborted = (await second.traffic.get(ref)).body;
    expect(aborted.plan?.status).toBe("aborted");
    expect(aborted.plan?.outcome).toMatch(/error rate 20% of pool b/);
    expect(aborted.routing.target).toEqual({ kind: "pool", pool: "a" });
  });

  it("retries a step the data plane refused on the next pass", async () => {
    const { traffic, runner } = server();
    await runner.ramp(ref, plan(), alice);
    await runner.runOnce();
    clock.advance(60_000);
    backend.failNextApply = new Error("socket closed");
    await runner.runOnce();
    expect((await traffic.get(ref)).body.plan?.stepIndex).toBe(0);
    await runner.runOnce();
    expect((await traffic.get(ref)).body.plan?.stepIndex).toBe(1);
  });
});
