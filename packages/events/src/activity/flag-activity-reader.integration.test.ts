import type { Exposure, WideEvent } from "@switchboard/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DuckDbEventStore } from "../duckdb/duckdb-event-store.js";
import { FlagActivityReader } from "./flag-activity-reader.js";

let store: DuckDbEventStore;

beforeAll(async () => {
  store = await DuckDbEventStore.open({ path: ":memory:", threads: 1 });
  const exposure = {
    type: "exposure",
    id: "x1",
    ts: "2026-03-01T10:00:00.000Z",
    unit: "u1",
    hashAttribute: "id",
    flag: "checkout",
    variation: "on",
    ruleId: "rollout",
    inExperiment: false,
  } as Exposure;
  const request = (id: string, ts: string, assignments: Record<string, string>) =>
    ({ type: "event", id, ts, name: "request", unit: "u1", durationMs: 5, assignments }) as WideEvent;
  await store.append({
    batchId: "b1",
    environment: "production",
    items: [
      exposure,
      request("r1", "2026-03-02T08:00:00.000Z", { checkout: "on", search: "v2" }),
      request("r2", "2026-02-01T08:00:00.000Z", { banner: "off" }),
    ],
  });
});
afterAll(async () => {
  await store?.close();
});

describe("FlagActivityReader over DuckDB", () => {
  it("answers each flag's latest evaluation (assignment) or exposure, and nothing for unseen flags", async () => {
    const seen = await new FlagActivityReader(store).lastSeen();
    expect(Object.fromEntries(seen)).toEqual({
      checkout: "2026-03-02T08:00:00.000Z",
      search: "2026-03-02T08:00:00.000Z",
      banner: "2026-02-01T08:00:00.000Z",
    });
  });
});
