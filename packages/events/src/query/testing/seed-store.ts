import type { Exposure, WideEvent } from "@switchboard/core";
import { DuckDbEventStore } from "../../duckdb/duckdb-event-store.js";
import type { EventStore } from "../../store/event-store.js";

/** Start of the seeded hour. */
export const SEEDED_START = "2026-01-01T00:00:00.000Z";
/** Events seeded in production (one every 1.5 s over one hour); a tenth as many go to staging. */
export const SEEDED_COUNT = 2400;

const ROUTES = ["/search", "/checkout", "/home"];
const REGIONS = ["us", "eu", "ap"];

/**
 * One deterministic wide event. Planted: `exp-13=B` is 50 ms slower and spends 10 SQL ms per execution (A: 5);
 * only B says "retry budget exhausted"; only release a1b2c3d (the second half hour) says "cache miss"; events in
 * region `eu-slow` (every 7th) take 900 ms, the only ones over 500 ms.
 */
export function seededEvent(i: number, startMs = Date.parse(SEEDED_START)): WideEvent {
  const variation = i % 2 === 0 ? "A" : "B";
  const slow = i % 7 === 0;
  const release = i < SEEDED_COUNT / 2 ? "64fd32f" : "a1b2c3d";
  const messages = [{ atMs: 1, text: "request handled" }];
  if (variation === "B" && i % 5 === 0) messages.push({ atMs: 2, text: "retry budget exhausted" });
  if (release === "a1b2c3d" && i % 4 === 0) messages.push({ atMs: 3, text: "cache miss" });
  return {
    type: "event",
    id: `ev-${String(i).padStart(5, "0")}`,
    ts: new Date(startMs + i * 1500).toISOString(),
    name: "request",
    unit: `user-${i % 97}`,
    release,
    durationMs: slow ? 900 : 100 + (i % 50) + (variation === "B" ? 50 : 0),
    status: i % 11 === 0 ? 500 : 200,
    assignments: { "exp-13": variation, checkout: i % 3 === 0 ? "on" : "off" },
    messages,
    spans: { sql: variation === "A" ? { ms: 20, count: 4 } : { ms: 30, count: 3 } },
    fields: {
      http: { route: ROUTES[i % 3] },
      user: { plan: i % 2 === 0 ? "free" : "pro" },
      region: slow ? "eu-slow" : REGIONS[i % 3],
      booking: { amount: i % 10 },
    },
  };
}

/** Exposure records seeded in production: one for every third event, of `exp-13` with that event's variation. */
export const SEEDED_EXPOSURES = SEEDED_COUNT / 3;

/** The exposure of the k-th seeded record; every tenth is outside the experiment (`inExperiment: false`). */
export function seededExposure(k: number): Exposure {
  const event = seededEvent(3 * k);
  return {
    type: "exposure",
    id: `xp-${String(k).padStart(5, "0")}`,
    ts: event.ts,
    unit: event.unit ?? "",
    hashAttribute: "id",
    flag: "exp-13",
    variation: event.assignments?.["exp-13"] ?? "",
    ruleId: "rule-exp-13",
    experiment: "exp-13",
    inExperiment: k % 10 !== 0,
    ...(event.release === undefined ? {} : { release: event.release }),
  };
}

/** An in-memory DuckDB event store holding the seeded production hour, its exposures and a few staging events. */
export async function openSeededStore(): Promise<DuckDbEventStore> {
  return seedStore(await DuckDbEventStore.open({ path: ":memory:" }));
}

/** Appends the seeded production hour, its exposures and a few staging events to an empty store of any engine. */
export async function seedStore<S extends EventStore>(store: S): Promise<S> {
  const items = Array.from({ length: SEEDED_COUNT }, (_, i) => seededEvent(i));
  await store.append({ batchId: "seed-production", environment: "production", items });
  const exposures = Array.from({ length: SEEDED_EXPOSURES }, (_, k) => seededExposure(k));
  await store.append({ batchId: "seed-exposures", environment: "production", items: exposures });
  const staging = Array.from({ length: SEEDED_COUNT / 10 }, (_, i) => ({ ...seededEvent(i), id: `st-${i}` }));
  await store.append({ batchId: "seed-staging", environment: "staging", items: staging });
  await store.optimize();
  return store;
}
