import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSqlTestApp, type SqlTestApp } from "../../http/testing/create-sql-test-app.js";
import { rampFlag } from "../../http/testing/create-test-app.js";

const DAY = 86_400_000;
let t: SqlTestApp;

beforeAll(async () => {
  t = await createSqlTestApp("pglite");
});
afterAll(async () => {
  await t?.dispose();
});

async function putFlag(key: string, body: Record<string, unknown>, reason = "ramp") {
  const current = await t.call("viewer", { method: "GET", url: `/api/v1/flags/${key}` });
  const answer = await t.call("editor", {
    method: "PUT",
    url: `/api/v1/flags/${key}`,
    payload: body,
    headers: { "if-match": current.headers.etag ?? "", "x-change-reason": reason },
  });
  expect(answer.statusCode, answer.body).toBe(200);
}

async function board(query = "") {
  const answer = await t.call("viewer", { method: "GET", url: `/api/v1/debt${query}` });
  expect(answer.statusCode, answer.body).toBe(200);
  return answer.json();
}

describe("the debt board over a PGlite config store", () => {
  it("sees a flag driven to full on only after it served on to everyone for 30 days", async () => {
    const { key: _, ...body } = rampFlag("new-checkout");
    const created = await t.call("editor", {
      method: "POST",
      url: "/api/v1/flags",
      payload: rampFlag("new-checkout"),
      headers: { "x-change-reason": "launch" },
    });
    expect(created.statusCode, created.body).toBe(201);
    t.clock.advance(2 * DAY);
    const fullOnAt = t.clock.now().toISOString();
    const fullOn = { production: { rules: [{ id: "rollout", kind: "ramp", serve: "on", percent: 100 }] } };
    // Full on in production is not enough: development and staging still serve the default, off.
    await putFlag("new-checkout", { ...body, environments: fullOn });
    t.clock.advance(31 * DAY);
    expect((await board()).candidates.map((c: { flag: string }) => c.flag)).not.toContain("new-checkout");

    const everywhere = { ...body, defaultVariation: "on", environments: fullOn };
    t.clock.advance(DAY);
    const everywhereAt = t.clock.now().toISOString();
    await putFlag("new-checkout", everywhere, "done");
    t.clock.advance(29 * DAY);
    expect((await board("?flag=new-checkout")).candidates).toEqual([]);
    t.clock.advance(2 * DAY);
    const answer = await board("?flag=new-checkout");
    expect(answer.candidates).toHaveLength(1);
    const [candidate] = answer.candidates;
    expect(candidate).toMatchObject({
      flag: "new-checkout",
      defined: true,
      owner: "team-payments",
      since: everywhereAt,
      ageDays: 31,
      lastChange: { at: everywhereAt, action: "flag.update" },
    });
    expect(candidate.findings).toEqual([
      {
        reason: "one-variation",
        since: everywhereAt,
        variation: "on",
        detail: `served on to everyone in every environment since ${everywhereAt.slice(0, 10)}`,
      },
    ]);
    expect(fullOnAt < everywhereAt).toBe(true);
    // The weekly total replays history: the last weeks count it, the first weeks did not.
    const weekly = (await board()).weekly as { weekEnding: string; total: number }[];
    expect(weekly).toHaveLength(12);
    expect(weekly.at(-1)?.total).toBe(1);
    expect(weekly[0]?.total).toBe(0);
  });

  it("lists code references, finds dangling and orphan keys, and refuses to archive a referenced flag", async () => {
    const upload = await t.call("editor", {
      method: "POST",
      url: "/api/v1/code-references",
      payload: {
        repository: "git.example.com/acme/shop",
        branch: "main",
        commit: "64fd32f",
        urlTemplate: "https://git.example.com/acme/shop/blob/{commit}/{file}#L{line}",
        references: [
          {
            flag: "new-checkout",
            file: "src/checkout.ts",
            line: 7,
            kind: "call",
            via: "isOn",
            deadLines: { on: 0, off: 3 },
          },
          { flag: "ghost-flag", file: "src/old.ts", line: 2, kind: "call", via: "isOn", deadLines: { on: 4, off: 1 } },
        ],
      },
    });
    expect(upload.statusCode, upload.body).toBe(201);
    const answer = await board();
    const checkout = answer.candidates.find((c: { flag: string }) => c.flag === "new-checkout");
    expect(checkout.references).toEqual([
      expect.objectContaining({
        file: "src/checkout.ts",
        line: 7,
        url: "https://git.example.com/acme/shop/blob/64fd32f/src/checkout.ts#L7",
      }),
    ]);
    // Kept on: the off branch (3 lines) is what removing the flag deletes.
    expect(checkout.removableLines).toBe(0);
    const ghost = answer.candidates.find((c: { flag: string }) => c.flag === "ghost-flag");
    expect(ghost).toMatchObject({ defined: false, findings: [{ reason: "dangling" }], removableLines: 1 });

    const created = await t.call("editor", {
      method: "POST",
      url: "/api/v1/flags",
      payload: rampFlag("unused-flag"),
      headers: { "x-change-reason": "next quarter" },
    });
    expect(created.statusCode, created.body).toBe(201);
    t.clock.advance(31 * DAY);
    const later = await board();
    expect(later.candidates.find((c: { flag: string }) => c.flag === "unused-flag")?.findings).toEqual([
      expect.objectContaining({ reason: "orphan", detail: "defined, but no scanned repository uses it" }),
    ]);

    const refused = await t.call("editor", {
      method: "POST",
      url: "/api/v1/flags/new-checkout/archive",
      payload: { reason: "launched" },
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.details).toEqual([
      { path: "git.example.com/acme/shop@main:src/checkout.ts:7", message: "call isOn" },
    ]);
    expect(refused.json().error.references).toHaveLength(1);
    const noReason = await t.call("editor", {
      method: "POST",
      url: "/api/v1/flags/new-checkout/archive",
      payload: { force: true },
    });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.details).toEqual([{ path: "reason", message: "archiving with force needs a reason" }]);
    const forced = await t.call("editor", {
      method: "POST",
      url: "/api/v1/flags/new-checkout/archive",
      payload: { force: true, reason: "the cleanup PR is merging" },
    });
    expect(forced.statusCode, forced.body).toBe(200);
    expect(forced.json().archived).toBe(true);
    // Archived while still in code: now a dangling reference on the board.
    const after = await board("?flag=new-checkout");
    expect(after.candidates[0]).toMatchObject({
      defined: false,
      findings: [{ detail: "used in code, but the flag is archived" }],
    });

    // A new upload of the branch replaces the previous one.
    const replaced = await t.call("editor", {
      method: "POST",
      url: "/api/v1/code-references",
      payload: { repository: "git.example.com/acme/shop", branch: "main", commit: "75ae01b", references: [] },
    });
    expect(replaced.statusCode).toBe(201);
    const sets = (await t.call("viewer", { method: "GET", url: "/api/v1/code-references" })).json().items;
    expect(sets).toEqual([expect.objectContaining({ commit: "75ae01b", references: [] })]);
  });

  it("answers 400 naming the field for a bad upload or query, and writes nothing", async () => {
    const bad = await t.call("editor", {
      method: "POST",
      url: "/api/v1/code-references",
      payload: {
        repository: "acme shop",
        branch: "main",
        commit: "xyz",
        references: [{ flag: "A!", file: "", line: 0 }],
      },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.map((d: { path: string }) => d.path)).toEqual(
      expect.arrayContaining(["repository", "commit"]),
    );
    expect((await t.call("viewer", { method: "GET", url: "/api/v1/debt?days=0" })).statusCode).toBe(400);
    const sets = (await t.call("viewer", { method: "GET", url: "/api/v1/code-references" })).json().items;
    expect(sets.map((s: { commit: string }) => s.commit)).toEqual(["75ae01b"]);
  });
});
