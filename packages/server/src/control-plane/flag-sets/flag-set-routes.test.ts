import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestApp, rampFlag, type TestApp } from "../../http/testing/create-test-app.js";

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  await t.app.close();
});

const APPLY = "/api/v1/flag-sets/apply";

function flagBody(key: string): Record<string, unknown> {
  const { key: _key, ...flag } = rampFlag(key);
  return flag;
}

async function create(key: string): Promise<void> {
  const created = await t.call("editor", {
    method: "POST",
    url: "/api/v1/flags",
    payload: rampFlag(key),
    headers: { "x-change-reason": "setup" },
  });
  expect(created.statusCode, created.body).toBe(201);
}

async function version(key: string): Promise<number> {
  return (await t.call("viewer", { method: "GET", url: `/api/v1/flags/${key}` })).json().version;
}

describe("POST /api/v1/flag-sets/apply", () => {
  it("creates, replaces and archives in one call, each write audited with the reason", async () => {
    await create("a");
    await create("b");
    const changed = { ...flagBody("a"), owner: "team-growth" };
    const answer = await t.call("editor", {
      method: "POST",
      url: APPLY,
      payload: {
        reason: "flags apply from commit abc",
        flags: [
          { key: "c", expectedVersion: null, flag: flagBody("c") },
          { key: "a", expectedVersion: 1, flag: changed },
          { key: "b", expectedVersion: 1 },
        ],
      },
    });
    expect(answer.statusCode, answer.body).toBe(200);
    expect(answer.json().applied).toEqual([
      { key: "c", action: "flag.create", version: 1 },
      { key: "a", action: "flag.update", version: 2 },
      { key: "b", action: "flag.archive", version: 2 },
    ]);
    const log = await t.call("viewer", { method: "GET", url: "/api/v1/changes?subjectKind=flag&order=desc&limit=3" });
    expect(log.json().items.map((c: { reason: string }) => c.reason)).toEqual(
      Array(3).fill("flags apply from commit abc"),
    );
  });

  it("applies nothing when one flag is invalid, and names it at its place in the body", async () => {
    await create("a");
    const answer = await t.call("editor", {
      method: "POST",
      url: APPLY,
      payload: {
        reason: "r",
        flags: [
          { key: "a", expectedVersion: 1, flag: { ...flagBody("a"), owner: "new-owner" } },
          { key: "bad", expectedVersion: null, flag: { ...flagBody("bad"), defaultVariation: "maybe" } },
        ],
      },
    });
    expect(answer.statusCode).toBe(400);
    expect(answer.json().error.details).toContainEqual(
      expect.objectContaining({ path: "flags[1].flag.defaultVariation" }),
    );
    expect(await version("a")).toBe(1);
    expect((await t.call("viewer", { method: "GET", url: "/api/v1/flags/bad" })).statusCode).toBe(404);
  });

  it("refuses a change set planned against older versions with 409 naming what changed, applying nothing", async () => {
    await create("a");
    await create("b");
    await t.call("editor", {
      method: "POST",
      url: "/api/v1/flags/b/environments/production/kill",
      payload: { reason: "incident" },
    });
    const answer = await t.call("editor", {
      method: "POST",
      url: APPLY,
      payload: {
        reason: "r",
        flags: [
          { key: "a", expectedVersion: 1, flag: { ...flagBody("a"), owner: "x" } },
          { key: "b", expectedVersion: 1, flag: flagBody("b") },
          { key: "a2", expectedVersion: null, flag: flagBody("a2") },
        ],
      },
    });
    expect(answer.statusCode).toBe(409);
    expect(answer.json().error.message).toContain('"b" is at version 2, planned against 1');
    expect(await version("a")).toBe(1);
    expect((await t.call("viewer", { method: "GET", url: "/api/v1/flags/a2" })).statusCode).toBe(404);
  });

  it("refuses to archive a prerequisite an unchanged flag still needs", async () => {
    await create("base");
    const dependent = {
      ...rampFlag("dependent"),
      environments: {
        production: {
          rules: [{ id: "r", kind: "force", serve: "on", prerequisites: [{ flag: "base", is: "on" }] }],
        },
      },
    };
    expect(
      (
        await t.call("editor", {
          method: "POST",
          url: "/api/v1/flags",
          payload: dependent,
          headers: { "x-change-reason": "s" },
        })
      ).statusCode,
    ).toBe(201);
    const answer = await t.call("editor", {
      method: "POST",
      url: APPLY,
      payload: { reason: "r", flags: [{ key: "base", expectedVersion: 1 }] },
    });
    expect(answer.statusCode).toBe(400);
    expect(JSON.stringify(answer.json().error.details)).toContain("dependent");
    expect((await t.call("viewer", { method: "GET", url: "/api/v1/flags/base" })).json().archived).toBe(false);
  });

  it("needs an editor, a reason for production, and each key once", async () => {
    const body = { flags: [{ key: "n", expectedVersion: null, flag: flagBody("n") }] };
    expect((await t.call("viewer", { method: "POST", url: APPLY, payload: body })).statusCode).toBe(403);
    const noReason = await t.call("editor", { method: "POST", url: APPLY, payload: body });
    expect(noReason.statusCode).toBe(422);
    expect(noReason.json().error.message).toContain("reason is required for changes to production");
    const twice = await t.call("editor", {
      method: "POST",
      url: APPLY,
      payload: { reason: "r", flags: [body.flags[0], body.flags[0]] },
    });
    expect(twice.statusCode).toBe(400);
    expect(twice.json().error.details[0]).toEqual({ path: "flags[1].key", message: '"n" appears twice' });
  });

  it("creates, changes and archives segments in the same all-or-nothing write, audited with the reason", async () => {
    for (const name of ["staff", "old"]) {
      const made = await t.call("editor", {
        method: "POST",
        url: "/api/v1/segments",
        payload: { name, condition: { plan: "gold" } },
      });
      expect(made.statusCode, made.body).toBe(201);
    }
    const withSegment = {
      ...flagBody("beta"),
      environments: { production: { rules: [{ id: "b", kind: "force", serve: "on", segments: ["jp"] }] } },
    };
    const answer = await t.call("editor", {
      method: "POST",
      url: APPLY,
      payload: {
        reason: "flags apply from commit def",
        segments: [
          { key: "jp", expectedVersion: null, segment: { condition: { country: "JP" } } },
          { key: "staff", expectedVersion: 1, segment: { condition: { email: { $regex: "@example\\.com$" } } } },
          { key: "old", expectedVersion: 1 },
        ],
        flags: [{ key: "beta", expectedVersion: null, flag: withSegment }],
      },
    });
    expect(answer.statusCode, answer.body).toBe(200);
    expect(answer.json().applied).toEqual([
      { key: "jp", action: "segment.create", version: 1 },
      { key: "staff", action: "segment.update", version: 2 },
      { key: "old", action: "segment.archive", version: 2 },
      { key: "beta", action: "flag.create", version: 1 },
    ]);
    const staff = await t.call("viewer", { method: "GET", url: "/api/v1/segments/staff" });
    expect(staff.json().body.condition).toEqual({ email: { $regex: "@example\\.com$" } });
    const log = await t.call("viewer", {
      method: "GET",
      url: "/api/v1/changes?subjectKind=segment&order=desc&limit=3",
    });
    expect(log.json().items.map((c: { reason: string }) => c.reason)).toEqual(
      Array(3).fill("flags apply from commit def"),
    );
  });

  it("refuses archiving a segment a flag still uses, or one that moved since the plan, writing nothing", async () => {
    const made = await t.call("editor", {
      method: "POST",
      url: "/api/v1/segments",
      payload: { name: "staff", condition: { plan: "gold" } },
    });
    expect(made.statusCode, made.body).toBe(201);
    const user = {
      ...rampFlag("user"),
      environments: { production: { rules: [{ id: "s", kind: "force", serve: "on", segments: ["staff"] }] } },
    };
    const created = await t.call("editor", {
      method: "POST",
      url: "/api/v1/flags",
      payload: user,
      headers: { "x-change-reason": "s" },
    });
    expect(created.statusCode, created.body).toBe(201);
    const archive = await t.call("editor", {
      method: "POST",
      url: APPLY,
      payload: {
        reason: "r",
        segments: [{ key: "staff", expectedVersion: 1 }],
        flags: [{ key: "other", expectedVersion: null, flag: flagBody("other") }],
      },
    });
    expect(archive.statusCode).toBe(400);
    expect(JSON.stringify(archive.json().error.details)).toContain("staff");
    expect((await t.call("viewer", { method: "GET", url: "/api/v1/flags/other" })).statusCode).toBe(404);

    const stale = await t.call("editor", {
      method: "POST",
      url: APPLY,
      payload: { reason: "r", flags: [], segments: [{ key: "staff", expectedVersion: 3, segment: { condition: {} } }] },
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.message).toContain('segment "staff" is at version 1, planned against 3');

    const bad = await t.call("editor", {
      method: "POST",
      url: APPLY,
      payload: { reason: "r", flags: [], segments: [{ key: "new", expectedVersion: null, segment: { ids: "x" } }] },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].path).toMatch(/^segments\[0\]\.segment/);
    expect((await t.call("viewer", { method: "GET", url: "/api/v1/segments/staff" })).json().version).toBe(1);
  });
});
