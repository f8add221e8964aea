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
      request("r3", "2026-02-03T08:00:00.000Z", { banner: "on" }),
    ],
  });
});
afterAll(async () => {
  await store?.close();
});

describe("FlagActivityReader over DuckDB", () => {
  it("answers each flag's variations with their first and last evaluation (assignment) or exposure", async () => {
    const seen = await new FlagActivityReader(store).variationsSeen();
    expect(Object.fromEntries(seen)).toEqual({
      checkout: [{ variation: "on", first: "2026-03-01T10:00:00.000Z", last: "2026-03-02T08:00:00.000Z" }],
      search: [{ variation: "v2", first: "2026-03-02T08:00:00.000Z", last: "2026-03-02T08:00:00.000Z" }],
      banner: [
        { variation: "off", first: "2026-02-01T08:00:00.000Z", last: "2026-02-01T08:00:00.000Z" },
        { variation: "on", first: "2026-02-03T08:00:00.000Z", last: "2026-02-03T08:00:00.000Z" },
      ],
    });
  });
});
