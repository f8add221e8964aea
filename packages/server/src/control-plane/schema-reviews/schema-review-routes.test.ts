import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../http/testing/create-test-app.js";

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  await t.app.close();
});

describe("schema reviews over /api/v1/schema-reviews", () => {
  it("reviews SQL, stores the findings with who asked, lists the history and logs a change", async () => {
    const created = await t.call("editor", {
      method: "POST",
      url: "/api/v1/schema-reviews",
      payload: {
        dialect: "mysql",
        version: "8.0.35",
        sql: "-- switchboard-table orders rows=40000000\nALTER TABLE orders MODIFY note text;\nCREATE TABLE t (id int, price double);",
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const review = created.json();
    expect(review).toMatchObject({ dialect: "mysql", version: "8.0.35", summary: { statements: 2, unparsed: 0 } });
    expect(review.requestedBy).toBeTruthy();
    const ids = review.files[0].findings.map((f: { ruleId: string }) => f.ruleId);
    expect(ids).toEqual(
      expect.arrayContaining(["mysql-online-schema-change", "float-for-money", "missing-primary-key"]),
    );
    const osc = review.files[0].findings.find((f: { ruleId: string }) => f.ruleId === "mysql-online-schema-change");
    expect(osc.onlineSchemaChange.ghost.command).toContain("--alter='MODIFY note text'");

    const list = await t.call("viewer", { method: "GET", url: "/api/v1/schema-reviews" });
    expect(list.json().items.map((r: { id: string }) => r.id)).toEqual([review.id]);
    const one = await t.call("viewer", { method: "GET", url: `/api/v1/schema-reviews/${review.id}` });
    expect(one.json().files[0].sql).toContain("ALTER TABLE orders");
    const changes = await t.call("viewer", { method: "GET", url: "/api/v1/changes?subjectKind=schema-review" });
    expect(changes.json().items.map((c: { action: string }) => c.action)).toEqual(["schema-review.create"]);
  });

  it("refuses bad input with a 4xx naming the problem and stores nothing", async () => {
    const unknownDialect = await t.call("editor", {
      method: "POST",
      url: "/api/v1/schema-reviews",
      payload: { dialect: "oracle", sql: "SELECT 1" },
    });
    expect(unknownDialect.statusCode).toBe(400);
    const empty = await t.call("editor", {
      method: "POST",
      url: "/api/v1/schema-reviews",
      payload: { dialect: "postgres", sql: "  " },
    });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.message).toContain("Nothing to review");
    const badVersion = await t.call("editor", {
      method: "POST",
      url: "/api/v1/schema-reviews",
      payload: { dialect: "postgres", version: "latest", sql: "SELECT 1" },
    });
    expect(badVersion.statusCode).toBe(400);
    const binary = await t.call("editor", {
      method: "POST",
      url: "/api/v1/schema-reviews",
      payload: { dialect: "postgres", sql: "\u0000\u0001ELF" },
    });
    expect(binary.statusCode).toBe(400);
    const missing = await t.call("viewer", { method: "GET", url: "/api/v1/schema-reviews/nope" });
    expect(missing.statusCode).toBe(404);
    expect((await t.call("viewer", { method: "GET", url: "/api/v1/schema-reviews" })).json().items).toEqual([]);
  });

  it("a viewer cannot create a review", async () => {
    const response = await t.call("viewer", {
      method: "POST",
      url: "/api/v1/schema-reviews",
      payload: { dialect: "postgres", sql: "SELECT 1" },
    });
    expect(response.statusCode).toBe(403);
  });
});
