import { beforeEach, describe, expect, it } from "vitest";
import { ManualClock } from "../../http/testing/create-test-app.js";
import type { WriteContext } from "../../kernel/write-context.js";
import { FakeConfigStore } from "../../store/fake-config-store.js";
import { FakeTrafficBackend } from "../fake-traffic-backend.js";
import { RampRunner } from "../ramp/ramp-runner.js";
import { TrafficService } from "./traffic-service.js";

const alice: WriteContext = { actor: "alice", role: "editor", reason: "release 2" };
const ref = { name: "web", environment: "production" };
let store: FakeConfigStore;
let backend: FakeTrafficBackend;
let traffic: TrafficService;
let runner: RampRunner;
let clock: ManualClock;

beforeEach(async () => {
  clock = new ManualClock();
  store = new FakeConfigStore(clock);
  await store.createDocument("environment", "production", {}, { actor: "system", action: "environment.create" });
  backend = new FakeTrafficBackend();
  traffic = new TrafficService({
    store,
    clock,
    config: { reasonRequiredIn: ["production"] },
    backendFor: () => backend,
    previewKey: "k",
  });
  runner = new RampRunner(traffic);
  await traffic.create(
    {
      name: "web",
      environment: "production",
      pools: [
        { name: "a", backends: ["127.0.0.1:1"] },
        { name: "b", backends: ["127.0.0.1:2"] },
      ],
    },
    alice,
  );
});

describe("TrafficService", () => {
  it("switches, goes back in one call, and logs each operation as a change", async () => {
    await traffic.switch(ref, { pool: "b" }, alice);
    expect(backend.routingOf(ref)?.target).toEqual({ kind: "pool", pool: "b" });
    const back = await traffic.back(ref, {}, alice);
    expect(back.body.routing.target).toEqual({ kind: "pool", pool: "a" });
    expect(backend.routingOf(ref)?.target).toEqual({ kind: "pool", pool: "a" });
    const actions = (await store.listChanges({ subjectKind: "service", ascending: true })).map((c) => c.action);
    expect(actions).toEqual(["traffic.service.create", "traffic.switch", "traffic.back"]);
  });

  it("keeps the reason given with a switch in the routing state it records", async () => {
    const switched = await traffic.switch(ref, { pool: "b", reason: "canary looks healthy" }, alice);
    expect(switched.body.current).toMatchObject({ action: "traffic.switch", reason: "canary looks healthy" });
    const [change] = await store.listChanges({ subjectKind: "service", action: "traffic.switch" });
    expect(change?.reason).toBe("canary looks healthy");
  });

  it("refuses to go back past the first state and to drain a pool that gets requests", async () => {
    await expect(traffic.back(ref, {}, alice)).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(traffic.drain(ref, { pool: "a" }, alice)).rejects.toMatchObject({ code: "CONFLICT" });
    const drained = await traffic.drain(ref, { pool: "b" }, alice);
    expect(drained.body.pools[1]?.drained).toBe(true);
  });

  it("rejects weights that do not sum to 100 or name unknown pools, changing nothing", async () => {
    await expect(runner.ramp(ref, { weights: { a: 90, b: 5 } }, alice)).rejects.toMatchObject({
      code: "VALIDATION_FAILED",
      details: [{ path: "weights", message: "must sum to 100 (got 95)" }],
    });
    await expect(runner.ramp(ref, { weights: { a: 90, c: 10 } }, alice)).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await traffic.get(ref)).version).toBe(1);
  });

  it("leaves routing and the document unchanged when the data plane refuses a change", async () => {
    backend.failNextApply = new Error("socket closed");
    await expect(traffic.switch(ref, { pool: "b" }, alice)).rejects.toMatchObject({ code: "UNAVAILABLE" });
    expect((await traffic.get(ref)).body.routing.target).toEqual({ kind: "pool", pool: "a" });
  });

  it("runs a ramp plan step by step to the new pool", async () => {
    const started = await runner.ramp(
      ref,
      { plan: { pool: "b", steps: [{ percent: 10 }, { percent: 50 }, { percent: 100 }] } },
      alice,
    );
    expect(started.status).toBe(202);
    await runner.runOnce();
    const doc = (await traffic.get(ref)).body;
    expect(doc.plan?.status).toBe("done");
    expect(doc.routing.target).toEqual({ kind: "pool", pool: "b" });
    const steps = backend.applied.filter((a) => a.routing.target.kind === "split").map((a) => a.routing.target);
    expect(steps).toHaveLength(2);
  });

  it("aborts a guarded ramp and goes back to the state before the plan when the new pool's error rate rises", async () => {
    await runner.ramp(
      ref,
      {
        plan: {
          pool: "b",
          steps: [{ percent: 10, pauseSeconds: 60 }, { percent: 100 }],
          guard: { maxErrorRate: 0.05, minRequests: 10, checkEverySeconds: 5 },
        },
      },
      alice,
    );
    await runner.runOnce();
    expect(backend.routingOf(ref)?.target.kind).toBe("split");
    backend.setPoolStats(ref, "b", { requestsTotal: 100, errorsTotal: 30 });
    clock.advance(4_000);
    await runner.runOnce();
    expect((await traffic.get(ref)).body.plan?.status).toBe("running");
    clock.advance(1_000);
    await runner.runOnce();
    const doc = (await traffic.get(ref)).body;
    expect(doc.plan?.status).toBe("aborted");
    expect(doc.routing.target).toEqual({ kind: "pool", pool: "a" });
    expect(doc.plan?.outcome).toMatch(/error rate 30% of pool b is above 5%/);
    expect(doc.current.actor).toBe("guard");
  });
});
