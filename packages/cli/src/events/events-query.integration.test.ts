import { writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DuckDbEventStore } from "@switchboard/events/duckdb";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openSeededStore, SEEDED_COUNT } from "../../../events/src/query/testing/seed-store.js";
import { createTestApp } from "../../../server/src/http/testing/create-test-app.js";
import { runCli } from "../run-cli.js";
import { type CapturedRun, runCliCaptured } from "../testing/run-cli-captured.js";

let app: FastifyInstance;
let events: DuckDbEventStore;
let url: string;
let token: string;

beforeAll(async () => {
  events = await openSeededStore();
  const t = await createTestApp({}, { start: "2026-01-01T01:00:00.000Z", people: { me: "viewer" }, events });
  app = t.app;
  token = t.people["me"] ?? "";
  url = await app.listen({ host: "127.0.0.1", port: 0 });
});
afterAll(async () => {
  await app.close();
  await events.close();
});

function cli(...args: string[]): Promise<CapturedRun> {
  return runCliCaptured(["events", "query", "--url", url, "--token", token, ...args]);
}

describe("switchboard events query against a listening server", () => {
  it("prints a table from shorthand flags", async () => {
    const result = await cli(
      "--last",
      "1h",
      "--env",
      "production",
      "--where",
      "fields.http.route=/checkout",
      "--group-by",
      "assignments.exp-13",
      "--agg",
      "count,p95:durationMs,ratio:spans.sql.ms/spans.sql.count",
      "--order-by",
      "assignments.exp-13",
    );
    expect(result.code).toBe(0);
    const lines = result.stdout.split("\n");
    expect(lines[0]).toMatch(
      /^assignments\.exp-13\s+count\s+p95\(durationMs\)\s+sum\(spans\.sql\.ms\)\/sum\(spans\.sql\.count\)$/,
    );
    expect(lines[2]).toMatch(/^A\s+400\s+\S+\s+5$/);
    expect(lines[3]).toMatch(/^B\s+400\s+\S+\s+10$/);
    expect(result.stdout).toContain("(2 rows)");
  });

  it("queries exposure records with --exposures", async () => {
    const result = await cli(
      "--exposures",
      "--last",
      "1h",
      "--where",
      "flag=exp-13",
      "--where",
      "inExperiment=true",
      "--group-by",
      "variation",
      "--agg",
      "count,count_distinct:unit",
      "--order-by",
      "variation",
    );
    expect(result.code).toBe(0);
    const lines = result.stdout.split("\n");
    expect(lines[0]).toMatch(/^variation\s+count\s+count_distinct\(unit\)$/);
    // Every tenth exposure is outside the experiment, and those all fall on even events (variation A).
    expect(lines[2]).toMatch(/^A\s+320\s+97$/);
    expect(lines[3]).toMatch(/^B\s+400\s+97$/);
  });

  it("prints JSON with --json, from a query file, with the SQL on --explain", async () => {
    const file = join(tmpdir(), `switchboard-query-${process.pid}.json`);
    await writeFile(file, JSON.stringify({ kind: "new-messages", last: "1h", sinceRelease: "a1b2c3d" }));
    const result = await cli(file, "--json", "--explain");
    expect(result.code).toBe(0);
    const body = JSON.parse(result.stdout);
    expect(body.rows.map((row: unknown[]) => row[0])).toEqual(["cache miss"]);
    expect(body.sql).toContain("event_messages");
  });

  it("pages raw events and prints the next cursor", async () => {
    const result = await cli("--last", "1h", "--env", "production", "--limit", "5", "--fields", "fields.region");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("(5 rows)");
    const cursor = /next page: --cursor (\S+)/.exec(result.stdout)?.[1];
    expect(cursor).toBeDefined();
    const next = await cli("--last", "1h", "--env", "production", "--limit", "5", "--cursor", cursor ?? "", "--json");
    expect(JSON.parse(next.stdout).rows[0][0]).toBe(`ev-${String(SEEDED_COUNT - 6).padStart(5, "0")}`);
  });

  it("exits 1 naming every problem of an invalid query", async () => {
    const result = await cli(
      "--query",
      '{"kind":"aggregate","aggregates":[{"fn":"p95","field":"name"}]}',
      "--where",
      "bogus=1",
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("where[0].field");
    expect(result.stderr).toContain("aggregates[0].field");
  });

  it("exits 2 on a malformed shorthand filter or a missing token", async () => {
    expect((await cli("--where", "no-operator")).code).toBe(2);
    const saved = process.env["SWITCHBOARD_TOKEN"];
    delete process.env["SWITCHBOARD_TOKEN"];
    expect(await runCli(["events", "query", "--url", url, "--last", "1h"])).toBe(2);
    if (saved !== undefined) process.env["SWITCHBOARD_TOKEN"] = saved;
  });
});
