import type { ExperimentResults } from "@switchboard/core";
import { DuckDbEventStore } from "@switchboard/events/duckdb";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp } from "../../../server/src/http/testing/create-test-app.js";
import { type CapturedRun, runCliCaptured } from "../testing/run-cli-captured.js";

let app: FastifyInstance;
let events: DuckDbEventStore;
let url: string;
let token: string;
const START = Date.parse("2026-01-01T00:00:00.000Z");

async function api(method: string, path: string, body: unknown): Promise<void> {
  const response = await fetch(`${url}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json", "x-change-reason": "test" },
    body: JSON.stringify(body),
  });
  expect(response.status, await response.text()).toBeLessThan(300);
}

beforeAll(async () => {
  events = await DuckDbEventStore.open({ path: ":memory:", threads: 1 });
  const t = await createTestApp(
    {},
    { start: "2026-01-01T00:00:00.000Z", environments: ["production"], people: { me: "admin" }, events },
  );
  app = t.app;
  token = t.people["me"] ?? "";
  url = await app.listen({ host: "127.0.0.1", port: 0 });
  await api("POST", "/metrics", {
    name: "conversion",
    kind: "proportion",
    where: [{ field: "name", op: "=", value: "buy" }],
  });
  await api("POST", "/experiments", { name: "buy-button", metrics: ["conversion"] });
  const rule = { id: "split", kind: "experiment", key: "buy-button", variations: ["off", "on"] };
  await api("POST", "/flags", {
    key: "buy",
    type: "boolean",
    defaultVariation: "off",
    environments: { production: { rules: [rule] } },
  });
  const items = [];
  for (let i = 0; i < 400; i++) {
    const unit = `u${i}`;
    const variation = i % 2 === 0 ? "off" : "on";
    const ts = new Date(START + 60_000 + i * 1000).toISOString();
    items.push({
      type: "exposure",
      id: `x${i}`,
      ts,
      unit,
      hashAttribute: "id",
      flag: "buy",
      variation,
      ruleId: "split",
      experiment: "buy-button",
    });
    // off converts 1 in 4, on 1 in 2.
    if (i % (variation === "off" ? 8 : 4) < 2)
      items.push({ type: "event", id: `e${i}`, ts, name: "buy", unit, durationMs: 10 });
  }
  await events.append({ batchId: "b", environment: "production", items: items as never });
  t.clock.advance(86_400_000);
});
afterAll(async () => {
  await app.close();
  await events.close();
});

function cli(...args: string[]): Promise<CapturedRun> {
  return runCliCaptured(["results", "--url", url, "--token", token, ...args]);
}

describe("switchboard results against a listening server", () => {
  it("prints a table per metric and variation, with a word for the verdict, and the summary", async () => {
    const result = await cli("buy-button");
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout.split("\n");
    expect(lines[0]).toMatch(/^buy-button in production \(phase 1 of 1, 2026-01-01T00:00:00\.000Z → now; frequentist/);
    expect(result.stdout).toMatch(/metric\s+variation\s+units\s+value\s+change\s+interval\s+p \/ win\s+verdict/);
    expect(result.stdout).toMatch(/conversion \(primary\)\s+off\s+200\s+0\.25\s+control/);
    expect(result.stdout).toMatch(
      /conversion \(primary\)\s+on\s+200\s+0\.5\s+\+100\.0%\s+\[\+\S+, \+\S+\]\s+p=\S+\s+better/,
    );
    expect(result.stdout).toContain("on raises conversion by 100.0%");
  });

  it("prints the answer as JSON with --json and passes the options as the query", async () => {
    const result = await cli("buy-button", "--json", "--method", "bayesian", "--no-cuped");
    expect(result.code, result.stderr).toBe(0);
    const answer = JSON.parse(result.stdout) as ExperimentResults;
    expect(answer).toMatchObject({ experiment: "buy-button", method: "bayesian", control: "off" });
    expect(answer.metrics[0]?.variations[1]?.chanceToWin).toBeGreaterThan(0.99);
  });

  it("exits 1 with the server's message for an unknown experiment or a bad option", async () => {
    const unknown = await cli("nope");
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("404");
    const bad = await cli("buy-button", "--method", "magic");
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("400");
  });
});
