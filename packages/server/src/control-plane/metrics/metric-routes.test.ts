import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../http/testing/create-test-app.js";

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  await t.app.close();
});

const SQL_MS = {
  description: "SQL milliseconds per execution inside the gated code",
  owner: "team-db",
  kind: "ratio",
  direction: "lower",
  tolerance: 0.1,
  numerator: { aggregate: "sum", field: "spans.sql.ms" },
  denominator: { aggregate: "sum", field: "spans.sql.count" },
};

describe("metric definitions over /api/v1/metrics", () => {
  it("creates, reads, lists, replaces with If-Match and archives a metric, each write in the change log", async () => {
    const created = await t.call("editor", {
      method: "POST",
      url: "/api/v1/metrics",
      payload: { name: "sql-ms", ...SQL_MS },
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ kind: "metric", key: "sql-ms", version: 1, body: SQL_MS });
    const read = await t.call("viewer", { method: "GET", url: "/api/v1/metrics/sql-ms" });
    expect(read.headers.etag).toBe('"1"');
    const stale = await t.call("editor", {
      method: "PUT",
      url: "/api/v1/metrics/sql-ms",
      payload: { kind: "proportion", where: [{ field: "name", op: "=", value: "checkout" }] },
      headers: { "if-match": '"7"' },
    });
    expect(stale.statusCode).toBe(409);
    const put = await t.call("editor", {
      method: "PUT",
      url: "/api/v1/metrics/sql-ms",
      payload: { kind: "proportion", window: "24h", where: [{ field: "name", op: "=", value: "checkout" }] },
      headers: { "if-match": '"1"' },
    });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json()).toMatchObject({ version: 2, body: { kind: "proportion", window: "24h", direction: "higher" } });
    expect((await t.call("viewer", { method: "GET", url: "/api/v1/metrics" })).json().items).toHaveLength(1);
    const archived = await t.call("editor", { method: "POST", url: "/api/v1/metrics/sql-ms/archive" });
    expect(archived.json().archived).toBe(true);
    expect((await t.call("viewer", { method: "GET", url: "/api/v1/metrics" })).json().items).toHaveLength(0);
    const changes = await t.call("viewer", { method: "GET", url: "/api/v1/changes?subjectKind=metric" });
    expect(
      changes
        .json()
        .items.map((change: { action: string }) => change.action)
        .sort(),
    ).toEqual(["metric.archive", "metric.create", "metric.update"]);
  });

  it("refuses a filter or field the event schema does not know, naming its path", async () => {
    const response = await t.call("editor", {
      method: "POST",
      url: "/api/v1/metrics",
      payload: {
        name: "broken",
        kind: "mean",
        aggregate: "sum",
        field: "spans.sql",
        where: [{ field: "bogus", op: "exists" }],
      },
    });
    expect(response.statusCode).toBe(400);
    const details = response.json().error.details as { path: string; message: string }[];
    expect(details.map((detail) => detail.path)).toEqual(["where[0].field", "field"]);
    expect(details[0]?.message).toContain('unknown field "bogus"');
    expect(details[1]?.message).toContain("must end in .ms or .count");
  });

  it("refuses a sum without a field and a shape of the wrong kind, all problems at once", async () => {
    const response = await t.call("editor", {
      method: "POST",
      url: "/api/v1/metrics",
      payload: { name: "bad", kind: "mean", aggregate: "sum", quantile: "p50" },
    });
    expect(response.statusCode).toBe(400);
    expect(JSON.stringify(response.json().error.details)).toContain("quantile");
  });

  it("refuses to archive a metric that an experiment names", async () => {
    await t.call("editor", { method: "POST", url: "/api/v1/metrics", payload: { name: "sql-ms", ...SQL_MS } });
    await t.call("editor", {
      method: "POST",
      url: "/api/v1/experiments",
      payload: { name: "faster-db", metrics: ["conversion"], guardrails: ["sql-ms"] },
    });
    const refused = await t.call("editor", { method: "POST", url: "/api/v1/metrics/sql-ms/archive" });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error.message).toContain('"faster-db"');
  });

  it("lets viewers read but not write", async () => {
    const response = await t.call("viewer", {
      method: "POST",
      url: "/api/v1/metrics",
      payload: { name: "x", kind: "proportion" },
    });
    expect(response.statusCode).toBe(403);
  });
});
