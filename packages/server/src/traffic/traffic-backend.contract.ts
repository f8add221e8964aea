import type { RoutingState, TrafficBackend, TrafficServiceSpec } from "@switchboard/proxy";
import { bucketRanges, poolOfBucket, signPreviewToken, unitBucket } from "@switchboard/proxy";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/** A data plane under test, with a service of two pools `a` and `b` whose backends answer their pool's name. */
export interface TrafficBackendHarness {
  backend: TrafficBackend;
  service: TrafficServiceSpec;
  /** Sends one request through the data plane and returns the body (the pool that answered). */
  send(headers?: Record<string, string>): Promise<string>;
  teardown(): Promise<void>;
}

/** The preview secret and header the contract service uses. */
export const CONTRACT_PREVIEW = {
  header: "x-switchboard-preview",
  secret: "5ec7e75ec7e75ec7e75ec7e75ec7e75ec7e75ec7e75ec7e75ec7e75ec7e75ec7",
} as const;

/** The service every harness serves: pools `a` then `b`, sticky header `x-user`, preview tokens. */
export function contractService(addresses: { a: string[]; b: string[] }, name = "web"): TrafficServiceSpec {
  const pool = (poolName: "a" | "b") => ({
    name: poolName,
    release: poolName === "a" ? "aaaaaaa" : "bbbbbbb",
    backends: addresses[poolName],
    healthCheckPath: "/healthz",
    drained: false,
  });
  return {
    name,
    environment: "production",
    seed: `production/${name}`,
    pools: [pool("a"), pool("b")],
    preview: { ...CONTRACT_PREVIEW },
  };
}

const all = (pool: string): RoutingState => ({ target: { kind: "pool", pool }, sticky: null, overrides: [] });
const split = (b: number, sticky = true): RoutingState => ({
  target: {
    kind: "split",
    weights: [
      { pool: "a", percent: 100 - b },
      { pool: "b", percent: b },
    ],
  },
  sticky: sticky ? { source: "header", name: "x-user" } : null,
  overrides: [],
});

async function sendMany(h: TrafficBackendHarness, count: number, headers?: Record<string, string>) {
  const served: string[] = [];
  for (let i = 0; i < count; i++) served.push(await h.send(headers));
  return served;
}

/** The behaviour every `TrafficBackend` must have: run it against the fake and every real data plane. */
export function describeTrafficBackendContract(name: string, factory: () => Promise<TrafficBackendHarness>): void {
  describe(`TrafficBackend contract: ${name}`, () => {
    let harness: TrafficBackendHarness | undefined;
    const h = (): TrafficBackendHarness => {
      if (harness === undefined) throw new Error("The data plane under test did not start.");
      return harness;
    };
    beforeAll(async () => {
      harness = await factory();
    }, 30_000);
    afterAll(async () => {
      await harness?.teardown();
    }, 30_000);

    it("sends every request to the one pool a switch names, and switches back", async () => {
      await h().backend.apply(h().service, all("b"));
      expect(new Set(await sendMany(h(), 10))).toEqual(new Set(["b"]));
      await h().backend.apply(h().service, all("a"));
      expect(new Set(await sendMany(h(), 10))).toEqual(new Set(["a"]));
    });

    it("routes the very next request by the new state after each of many flips", async () => {
      for (let i = 0; i < 6; i++) {
        const pool = i % 2 === 0 ? "b" : "a";
        await h().backend.apply(h().service, all(pool));
        expect(await h().send()).toBe(pool);
      }
    });

    it("places each sticky unit in the pool its flag-style bucket names, on every request", async () => {
      const routing = split(30);
      await h().backend.apply(h().service, routing);
      const ranges = bucketRanges(routing.target, h().service.pools);
      let onB = 0;
      for (let u = 0; u < 100; u++) {
        const user = `user-${u}`;
        const expected = poolOfBucket(ranges, unitBucket(h().service.seed, user));
        const served = await sendMany(h(), 2, { "x-user": user });
        expect(served, user).toEqual([expected, expected]);
        if (expected === "b") onB++;
      }
      expect(onB).toBeGreaterThan(10);
      expect(onB).toBeLessThan(50);
    });

    it("keeps every unit already on the new pool there while the split ramps up", async () => {
      const users = Array.from({ length: 80 }, (_, u) => `ramp-${u}`);
      await h().backend.apply(h().service, split(10));
      const before = new Map<string, string>();
      for (const user of users) before.set(user, await h().send({ "x-user": user }));
      await h().backend.apply(h().service, split(50));
      for (const user of users) {
        if (before.get(user) === "b") expect(await h().send({ "x-user": user }), user).toBe("b");
      }
    });

    it("spreads units without a sticky key over both pools of a split", async () => {
      await h().backend.apply(h().service, split(50, false));
      expect(new Set(await sendMany(h(), 60))).toEqual(new Set(["a", "b"]));
    });

    it("sends a request with an override header to the override's pool", async () => {
      await h().backend.apply(h().service, {
        ...all("a"),
        overrides: [{ header: "x-pool", value: "canary", pool: "b" }],
      });
      expect(await h().send({ "x-pool": "canary" })).toBe("b");
      expect(await h().send({ "x-pool": "other" })).toBe("a");
      expect(await h().send()).toBe("a");
    });

    it("sends the bearer of a valid preview token to its pool and ignores forged or expired ones", async () => {
      await h().backend.apply(h().service, all("a"));
      const nowSec = Math.floor(Date.now() / 1000);
      const valid = signPreviewToken(CONTRACT_PREVIEW.secret, h().service, "b", nowSec + 600);
      const expired = signPreviewToken(CONTRACT_PREVIEW.secret, h().service, "b", nowSec - 10);
      expect(await h().send({ [CONTRACT_PREVIEW.header]: valid })).toBe("b");
      expect(await h().send({ [CONTRACT_PREVIEW.header]: `${valid.slice(0, -4)}0000` })).toBe("a");
      expect(await h().send({ [CONTRACT_PREVIEW.header]: expired })).toBe("a");
    });

    it("reports both pools with their backends, and counts requests a pool served", async () => {
      await h().backend.apply(h().service, all("b"));
      const before = await h().backend.status(h().service);
      await sendMany(h(), 5);
      const after = await h().backend.status(h().service);
      expect(after.pools.map((p) => p.pool)).toEqual(["a", "b"]);
      const b = after.pools.find((p) => p.pool === "b");
      expect(b?.backends.map((x) => x.address)).toEqual(h().service.pools[1]?.backends);
      expect(b?.healthy).not.toBe(false);
      const total = (s: typeof after) => s.pools.find((p) => p.pool === "b")?.requestsTotal ?? 0;
      if (b?.requestsTotal !== null) expect(total(after) - total(before)).toBeGreaterThanOrEqual(5);
    });

    it("drains a pool, then makes it ready again when a state routes to it", async () => {
      await h().backend.apply(h().service, all("a"));
      await h().backend.drain(h().service, "b");
      const drained = await h().backend.status(h().service);
      const b = drained.pools.find((p) => p.pool === "b");
      expect(b?.backends.every((x) => x.state === "drain")).toBe(true);
      await h().backend.apply(h().service, all("b"));
      expect(await h().send()).toBe("b");
      const ready = await h().backend.status(h().service);
      expect(ready.pools.find((p) => p.pool === "b")?.backends.every((x) => x.state !== "drain")).toBe(true);
    });

    it("applies the same state twice without a change in routing", async () => {
      await h().backend.apply(h().service, all("b"));
      await h().backend.apply(h().service, all("b"));
      expect(await h().send()).toBe("b");
    });
  });
}
