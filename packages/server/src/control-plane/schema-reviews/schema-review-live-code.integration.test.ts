import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSqlTestApp, type SqlBackend, type SqlTestApp } from "../../http/testing/create-sql-test-app.js";
import { rampFlag } from "../../http/testing/create-test-app.js";

// A schema review asks the server what it knows: the flags' states now (the config store) and where each flag is
// in code (the scans uploaded to /code-references). Only where code reads a column comes with the review.
let t: SqlTestApp;

const drop = "ALTER TABLE orders DROP COLUMN legacy_total;";
const usage = [{ table: "orders", column: "legacy_total", file: "src/checkout/summary.ts", line: 42 }];

async function liveFindings(payload: Record<string, unknown>) {
  const answer = await t.call("editor", {
    method: "POST",
    url: "/api/v1/schema-reviews",
    payload: { dialect: "postgres", version: "16", ...payload },
  });
  expect(answer.statusCode, answer.body).toBe(201);
  const review = answer.json();
  const findings = review.files[0].findings.filter((f: { ruleId: string }) => f.ruleId === "live-code-reads");
  return { review, findings: findings as { severity: string; message: string; line: number }[] };
}

async function putFlag(body: Record<string, unknown>) {
  const current = await t.call("viewer", { method: "GET", url: "/api/v1/flags/new-checkout" });
  const answer = await t.call("editor", {
    method: "PUT",
    url: "/api/v1/flags/new-checkout",
    payload: body,
    headers: { "if-match": current.headers.etag ?? "", "x-change-reason": "rollout" },
  });
  expect(answer.statusCode, answer.body).toBe(200);
}

describe.each(["pglite", "postgres"] as SqlBackend[])("schema reviews know live code over a %s store", (backend) => {
  beforeAll(async () => {
    t = await createSqlTestApp(backend);
    const flag = await t.call("editor", {
      method: "POST",
      url: "/api/v1/flags",
      payload: rampFlag("new-checkout"), // 5 % in production, off elsewhere
      headers: { "x-change-reason": "launch" },
    });
    expect(flag.statusCode, flag.body).toBe(201);
    const scan = await t.call("editor", {
      method: "POST",
      url: "/api/v1/code-references",
      payload: {
        repository: "git.example.com/acme/shop",
        branch: "main",
        commit: "64fd32f",
        references: [{ flag: "new-checkout", file: "src/checkout/summary.ts", line: 12, kind: "call", via: "isOn" }],
      },
    });
    expect(scan.statusCode, scan.body).toBe(201);
  });
  afterAll(async () => {
    await t?.dispose();
  });

  it("dropping a column that code behind a flag still ramping reads is an error naming the flag and the code", async () => {
    const { review, findings } = await liveFindings({ sql: drop, columnUsage: usage });
    expect(findings).toHaveLength(1);
    expect(findings[0]?.severity).toBe("error");
    expect(findings[0]?.message).toContain("src/checkout/summary.ts:42 still reads");
    expect(findings[0]?.message).toContain("flag new-checkout is partial in production");
    expect(review.liveCode).toEqual({ flags: 1, codeReferences: 1, columnUsage: 1 });
    // The stored review keeps the finding (the audit trail).
    const stored = await t.call("viewer", { method: "GET", url: `/api/v1/schema-reviews/${review.id}` });
    expect(JSON.stringify(stored.json().files[0].findings)).toContain("live-code-reads");
  });

  it("a `switchboard-usage` comment naming only the flag gets the flag's state from the server", async () => {
    const sql = `-- switchboard-usage orders.legacy_total src/reports/daily.ts:7 flag=new-checkout\n${drop}`;
    const { findings } = await liveFindings({ sql });
    expect(findings).toHaveLength(1);
    expect(findings[0]?.message).toContain("src/reports/daily.ts:7 still reads");
    expect(findings[0]?.message).toContain("flag new-checkout is partial in production");
  });

  it("code on the new side of a flag that is on somewhere is live too", async () => {
    const { findings } = await liveFindings({ sql: drop, columnUsage: [{ ...usage[0], when: "on" }] });
    expect(findings.map((f) => f.message)).toEqual([
      expect.stringContaining("flag new-checkout is partial in production"),
    ]);
  });

  it("once the flag is full on everywhere the old path runs for nobody: the drop is the contract step", async () => {
    const { key: _, ...body } = rampFlag("new-checkout");
    await putFlag({ ...body, defaultVariation: "on", environments: {} });
    expect((await liveFindings({ sql: drop, columnUsage: usage })).findings).toEqual([]);
    // A read in a file no scan mentions has no flag guarding it: it runs for everyone.
    const unguarded = [{ table: "orders", column: "legacy_total", file: "src/admin/export.ts", line: 3 }];
    const { findings } = await liveFindings({ sql: drop, columnUsage: unguarded });
    expect(findings.map((f) => f.message)).toEqual([expect.stringContaining("no flag guards it")]);
  });

  it("refuses a malformed column read with a 400 naming the field, and stores nothing", async () => {
    const before = (await t.call("viewer", { method: "GET", url: "/api/v1/schema-reviews" })).json().items.length;
    const answer = await t.call("editor", {
      method: "POST",
      url: "/api/v1/schema-reviews",
      payload: { dialect: "postgres", sql: drop, columnUsage: [{ table: "orders", file: "a.ts", line: 0 }] },
    });
    expect(answer.statusCode).toBe(400);
    expect(answer.body).toContain("columnUsage[0].line");
    const after = (await t.call("viewer", { method: "GET", url: "/api/v1/schema-reviews" })).json().items.length;
    expect(after).toBe(before);
  });
});
