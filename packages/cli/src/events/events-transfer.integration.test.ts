// `switchboard events export|import` from a DuckDB file into ClickHouse (chDB 26.x behind the test-only HTTP
// interface of test/clickhouse-engine) and back; the commands' code runs in this process with captured streams.
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough, Readable } from "node:stream";
import { QueryService } from "@switchboard/events";
import { DuckDbEventStore } from "@switchboard/events/duckdb";
import { openEventStoreAt } from "@switchboard/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type ClickHouseTestEngine,
  startClickHouseTestEngine,
} from "../../../events/src/clickhouse/testing/clickhouse-test-engine.js";
import { SEEDED_COUNT, SEEDED_EXPOSURES, seedStore } from "../../../events/src/query/testing/seed-store.js";
import { exportEvents, importEvents } from "./transfer-events.js";

let engine: ClickHouseTestEngine;
let dir: string;
let duckFile: string;

beforeAll(async () => {
  engine = await startClickHouseTestEngine();
  dir = await mkdtemp(join(tmpdir(), "sb-transfer-"));
  duckFile = join(dir, "events.duckdb");
  await (await seedStore(await DuckDbEventStore.open({ path: duckFile }))).close();
}, 60_000);
afterAll(async () => {
  await engine?.stop();
  await rm(dir, { recursive: true, force: true });
});

function io(stdin = "") {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = "";
  let err = "";
  stdout.on("data", (chunk) => (out += chunk));
  stderr.on("data", (chunk) => (err += chunk));
  return { streams: { stdin: Readable.from([stdin]), stdout, stderr }, out: () => out, err: () => err };
}

const all = SEEDED_COUNT * 1.1 + SEEDED_EXPOSURES;

describe("switchboard events export | import", () => {
  it("moves a DuckDB file's events into ClickHouse, and a second import stores nothing twice", async () => {
    const file = join(dir, "events.ndjson");
    const exported = io();
    await exportEvents({ from: duckFile, out: file }, exported.streams);
    expect(exported.err()).toContain(
      `exported ${all} items (${SEEDED_COUNT * 1.1} events, ${SEEDED_EXPOSURES} exposures)`,
    );
    const lines = (await readFile(file, "utf8")).trim().split("\n");
    expect(lines).toHaveLength(all);
    expect(JSON.parse(lines[0] ?? "")).toMatchObject({ environment: "production", item: { type: "event" } });

    const target = `${engine.url}/migrated`;
    const imported = io();
    await importEvents(file, { to: target, batchSize: "1000", json: true }, imported.streams);
    expect(JSON.parse(imported.out())).toEqual({ imported: all, skipped: 0, lines: all });
    const again = io();
    await importEvents(file, { to: target, batchSize: "1000", json: true }, again.streams);
    expect(JSON.parse(again.out())).toEqual({ imported: 0, skipped: all, lines: all });

    const [duck, house] = [await DuckDbEventStore.open({ path: duckFile }), await openEventStoreAt(target)];
    try {
      const { bytes: _a, ...duckStats } = await duck.stats();
      const { bytes: _b, batches: _c, ...houseStats } = await house.stats();
      expect(houseStats).toEqual({ ...duckStats, batches: undefined });
      const query = {
        kind: "aggregate" as const,
        from: "2026-01-01T00:00:00Z",
        to: "2026-01-01T01:00:00Z",
        environment: "production",
        groupBy: ["assignments.exp-13", "fields.http.route"],
        aggregates: [{ fn: "count" as const }, { fn: "sum" as const, field: "durationMs" }],
        orderBy: [{ by: "assignments.exp-13" }, { by: "fields.http.route" }],
      };
      const clock = { now: () => new Date("2026-01-01T01:00:00Z") };
      const [fromDuck, fromHouse] = await Promise.all(
        [duck, house].map((store) => new QueryService(store, clock).query(query)),
      );
      expect(fromHouse.rows).toEqual(fromDuck?.rows);
    } finally {
      await duck.close();
      await house.close();
    }
  }, 120_000);

  it("exports one environment to stdout and imports it back through stdin into another DuckDB file", async () => {
    const exported = io();
    await exportEvents({ from: duckFile, env: "staging" }, exported.streams);
    const text = exported.out();
    expect(text.trim().split("\n")).toHaveLength(SEEDED_COUNT / 10);
    const target = join(dir, "copy.duckdb");
    const imported = io(text);
    await importEvents(undefined, { to: target }, imported.streams);
    expect(imported.out()).toContain(`imported ${SEEDED_COUNT / 10} items`);
    const copy = await DuckDbEventStore.open({ path: target });
    expect((await copy.stats()).eventsByEnvironment).toEqual({ staging: SEEDED_COUNT / 10 });
    await copy.close();
  });

  it("stops at an invalid line, naming it and its problems, after storing the lines before it", async () => {
    const file = join(dir, "bad.ndjson");
    const good = { environment: "production", item: { type: "exposure", id: "x1", ts: "2026-01-01T00:00:00Z" } };
    const complete = {
      ...good,
      item: { ...good.item, unit: "u", hashAttribute: "id", flag: "f", variation: "v", ruleId: "r" },
    };
    await writeFile(file, `${JSON.stringify(complete)}\n${JSON.stringify(good)}\n`);
    const target = join(dir, "bad.duckdb");
    await expect(importEvents(file, { to: target }, io().streams)).rejects.toMatchObject({
      code: "INVALID_INPUT",
      message: expect.stringMatching(/^line 2: item.*unit/),
    });
    const store = await DuckDbEventStore.open({ path: target });
    expect((await store.stats()).exposures).toBe(1);
    await store.close();
    await expect(importEvents(file, { to: target, batchSize: "0" }, io().streams)).rejects.toMatchObject({
      code: "USAGE",
    });
  });
});
