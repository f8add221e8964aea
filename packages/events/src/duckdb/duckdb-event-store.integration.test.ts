import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { describeEventStoreContract, sampleEvent, sampleExposure } from "../store/event-store.contract.js";
import { DuckDbEventStore } from "./duckdb-event-store.js";

const dirs: string[] = [];
async function freshDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "sb-events-"));
  dirs.push(dir);
  return dir;
}
afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

describeEventStoreContract("DuckDB file", async () =>
  DuckDbEventStore.open({ path: join(await freshDir(), "events.duckdb"), threads: 1 }),
);

describe("DuckDbEventStore", () => {
  it("maps every typed part of an event onto its columns", async () => {
    const store = await DuckDbEventStore.open({ path: ":memory:" });
    await store.append({ batchId: "b", environment: "production", items: [sampleEvent("e1")] });
    const row = await store.run({
      sql: `SELECT id, ts, day, environment, name, unit, release, duration_ms, status, flags, variations,
              attr_keys, attr_str, attr_num, span_names, span_ms, span_count, counter_names, counter_values,
              message_count, raw->>'$.messages[1].fields.attempt' AS attempt FROM events`,
      params: [],
    });
    expect(row.rows[0]).toEqual([
      "e1",
      "2026-03-01T12:00:00.000Z",
      "2026-03-01T00:00:00.000Z",
      "production",
      "request",
      "user-1",
      "64fd32f",
      120.5,
      "200",
      ["exp-13", "new-checkout"],
      ["B", "on"],
      ["http.route", "http.bytes", "user.country", "user.beta", "note"],
      ["/checkout", "5120", "jp", "true", null],
      [null, 5120, null, null, null],
      ["sql", "render"],
      [41.2, 12],
      [7, 1],
      ["cache.hits"],
      [4],
      2,
      "2",
    ]);
    const field = await store.run({
      sql: "SELECT count(*) FROM events WHERE attr_num[list_position(attr_keys, ?)] > ?",
      params: ["http.bytes", 5000],
    });
    expect(field.rows).toEqual([[1]]);
    const messages = await store.run({ sql: "SELECT at_ms, text FROM event_messages ORDER BY at_ms", params: [] });
    expect(messages.rows).toEqual([
      [3, "cache miss"],
      [9, "retrying payment"],
    ]);
    await store.close();
  });

  it("D1: a batch the engine refuses fails alone; the 20 good batches written in the same group are stored", async () => {
    const store = await DuckDbEventStore.open({ path: ":memory:", threads: 1 });
    const good = Array.from({ length: 20 }, (_, i) =>
      store.append({ batchId: `good-${i}`, environment: "development", items: [sampleEvent(`g${i}`)] }),
    );
    // Written to the store directly, past validation: BIGINT cannot hold the span count.
    const poisoned = sampleEvent("p1", { spans: { db: { ms: 1, count: 1e20 } } });
    const bad = store.append({ batchId: "poisoned", environment: "production", items: [poisoned] });
    const outcomes = await Promise.allSettled([...good, bad]);
    expect(outcomes.slice(0, 20).map((outcome) => outcome.status)).toEqual(Array(20).fill("fulfilled"));
    expect(outcomes[20]?.status).toBe("rejected");
    expect(await store.stats()).toMatchObject({ events: 20, batches: 20, eventsByEnvironment: { development: 20 } });
    // The refused batch id was not recorded: the same id with a storable item is stored, not answered as a duplicate.
    const retry = await store.append({ batchId: "poisoned", environment: "production", items: [sampleEvent("p1")] });
    expect(retry).toEqual({ stored: 1, duplicate: false });
    await store.close();
  });

  it("survives a reopen of the file with every committed batch", async () => {
    const path = join(await freshDir(), "events.duckdb");
    const first = await DuckDbEventStore.open({ path });
    await first.append({ batchId: "b1", environment: "production", items: [sampleEvent("e1"), sampleExposure("x1")] });
    await first.close();
    const second = await DuckDbEventStore.open({ path });
    expect(await second.stats()).toMatchObject({ events: 1, exposures: 1, batches: 1 });
    expect(await second.append({ batchId: "b1", environment: "production", items: [sampleEvent("e1")] })).toEqual({
      stored: 0,
      duplicate: true,
    });
    await second.close();
  });
});
