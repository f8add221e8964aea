import type { WideEvent } from "@switchboard/core";
import { DuckDbEventStore } from "@switchboard/events/duckdb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, rampFlag, type TestApp } from "../../http/testing/create-test-app.js";

const DAY = 86_400_000;
let events: DuckDbEventStore;
let t: TestApp;

beforeAll(async () => {
  events = await DuckDbEventStore.open({ path: ":memory:", threads: 1 });
  t = await createTestApp({}, { events });
});
afterAll(async () => {
  await t?.app.close();
  await events?.close();
});

/** A request that evaluated `flag` to `variation`, `daysAgo` days before the app's clock. */
function request(id: string, daysAgo: number, assignments: Record<string, string>): WideEvent {
  const ts = new Date(t.clock.now().getTime() - daysAgo * DAY).toISOString();
  return { type: "event", id, ts, name: "request", unit: `u-${id}`, durationMs: 5, assignments } as WideEvent;
}

describe("the debt board's evidence from traffic (DuckDB event store)", () => {
  it("lists a flag whose requests evaluated one variation for N days, though its rules still ramp", async () => {
    for (const key of ["instant-confirmation", "still-split"]) {
      const created = await t.call("editor", {
        method: "POST",
        url: "/api/v1/flags",
        payload: rampFlag(key),
        headers: { "x-change-reason": "launch" },
      });
      expect(created.statusCode, created.body).toBe(201);
    }
    const items = [];
    for (let day = 40; day >= 0; day -= 2) {
      items.push(
        request(`a-${day}`, day, { "instant-confirmation": "on", "still-split": day % 4 === 0 ? "on" : "off" }),
      );
    }
    await events.append({ batchId: "history", environment: "production", items });

    const answer = await t.call("viewer", { method: "GET", url: "/api/v1/debt?days=30" });
    expect(answer.statusCode, answer.body).toBe(200);
    const board = answer.json();
    expect(board.candidates.map((c: { flag: string }) => c.flag)).toEqual(["instant-confirmation"]);
    const since = new Date(t.clock.now().getTime() - 40 * DAY).toISOString();
    expect(board.candidates[0].findings).toEqual([
      {
        reason: "one-variation-exposed",
        since,
        variation: "on",
        detail: `no variation but on evaluated or exposed since ${since.slice(0, 10)} (the event store)`,
      },
    ]);
    // Fewer days of evidence than N: not yet debt.
    const longer = (await t.call("viewer", { method: "GET", url: "/api/v1/debt?days=45" })).json();
    expect(longer.candidates).toEqual([]);
  });
});
