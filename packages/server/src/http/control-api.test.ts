import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestApp, rampFlag, type TestApp } from "./testing/create-test-app.js";

let t: TestApp;
const reason = { "x-change-reason": "rollout plan" };

beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  await t.app.close();
});

async function createFlag(body = rampFlag()) {
  const response = await t.call("editor", { method: "POST", url: "/api/v1/flags", payload: body, headers: reason });
  expect(response.statusCode, response.body).toBe(201);
  return response;
}

describe("health", () => {
  it("answers /healthz and /readyz without a token", async () => {
    expect((await t.call(null, { method: "GET", url: "/healthz" })).json()).toEqual({ status: "ok" });
    expect((await t.call(null, { method: "GET", url: "/readyz" })).statusCode).toBe(200);
  });

  it("reports 503 from /readyz when the store is unreachable", async () => {
    await t.store.close();
    const response = await t.call(null, { method: "GET", url: "/readyz" });
    expect(response.statusCode).toBe(503);
    expect(response.json().error.code).toBe("UNAVAILABLE");
  });

  it("returns a request id in a header and in error bodies, keeping a safe one the caller sent", async () => {
    const response = await t.call(null, { method: "GET", url: "/api/v1/flags", headers: { "x-request-id": "abc-1" } });
    expect(response.headers["x-request-id"]).toBe("abc-1");
    expect(response.json().error.requestId).toBe("abc-1");
  });
});

describe("environments", () => {
  it("lists environments in the configured order, then the ones created later by name, and lets an admin create one", async () => {
    const created = await t.call("admin", { method: "POST", url: "/api/v1/environments", payload: { name: "qa" } });
    expect(created.statusCode).toBe(201);
    const list = await t.call("viewer", { method: "GET", url: "/api/v1/environments" });
    expect(list.json().items.map((env: { key: string }) => env.key)).toEqual([
      "development",
      "staging",
      "production",
      "qa",
    ]);
  });
});

describe("flags", () => {
  it("creates a flag with its defaults filled and reads it back with its version as ETag", async () => {
    const created = await createFlag();
    expect(created.headers.etag).toBe('"1"');
    const read = await t.call("viewer", { method: "GET", url: "/api/v1/flags/new-checkout" });
    expect(read.statusCode).toBe(200);
    expect(read.headers.etag).toBe('"1"');
    expect(read.json().body.variations).toEqual([
      { key: "off", value: false },
      { key: "on", value: true },
    ]);
  });

  it("lists flags filtered by tag, owner, text and state", async () => {
    await createFlag();
    await createFlag({ key: "dark-mode", type: "boolean", defaultVariation: "off", tags: ["ui"], owner: "team-web" });
    const keys = async (query: string) =>
      (await t.call("viewer", { method: "GET", url: `/api/v1/flags?${query}` }))
        .json()
        .items.map((f: { key: string }) => f.key);
    expect(await keys("")).toEqual(["dark-mode", "new-checkout"]);
    expect(await keys("tag=ui")).toEqual(["dark-mode"]);
    expect(await keys("owner=team-payments")).toEqual(["new-checkout"]);
    expect(await keys("q=REWRITTEN")).toEqual(["new-checkout"]);
    expect(await keys("environment=production&state=ramping")).toEqual(["new-checkout"]);
    expect(await keys("environment=production&state=on")).toEqual(["dark-mode"]);
  });

  it("replaces a flag with If-Match and archives it", async () => {
    await createFlag();
    const { key: _key, ...body } = rampFlag();
    const put = await t.call("editor", {
      method: "PUT",
      url: "/api/v1/flags/new-checkout",
      payload: { ...body, description: "Now with coupons." },
      headers: { ...reason, "if-match": '"1"' },
    });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.headers.etag).toBe('"2"');
    const archived = await t.call("editor", {
      method: "POST",
      url: "/api/v1/flags/new-checkout/archive",
      payload: { reason: "done" },
    });
    expect(archived.json()).toMatchObject({ archived: true, version: 3 });
    const list = await t.call("viewer", { method: "GET", url: "/api/v1/flags" });
    expect(list.json().items).toEqual([]);
    const withArchived = await t.call("viewer", { method: "GET", url: "/api/v1/flags?archived=true" });
    expect(withArchived.json().items).toHaveLength(1);
  });
});

describe("activations", () => {
  const env = "/api/v1/flags/new-checkout/environments/production";

  it("kills, enables, ramps and serves me, each one audited change with its reason", async () => {
    await createFlag();
    const post = (path: string, payload: unknown) =>
      t.call("editor", { method: "POST", url: `${env}/${path}`, payload });
    expect((await post("kill", { reason: "errors up" })).json().body.environments.production.enabled).toBe(false);
    expect((await post("enable", { reason: "fixed" })).json().body.environments.production.enabled).toBe(true);
    const ramped = await post("ramp", { percent: 25, reason: "next step" });
    expect(ramped.json().body.environments.production.rules[0].percent).toBe(25);
    const served = await post("serve-me", { add: ["user-1", "user-2"], reason: "dogfood" });
    expect(served.json().body.environments.production.rules[0]).toEqual({
      id: "serve-me",
      kind: "force",
      serve: "on",
      condition: { id: { $in: ["user-1", "user-2"] } },
    });
    const removed = await post("serve-me", { remove: ["user-1"], reason: "done" });
    expect(removed.json().body.environments.production.rules[0].condition).toEqual({ id: { $in: ["user-2"] } });
    const changes = await t.call("viewer", { method: "GET", url: "/api/v1/changes?flag=new-checkout&order=asc" });
    expect(changes.json().items.map((c: { action: string; reason: string }) => [c.action, c.reason])).toEqual([
      ["flag.create", "rollout plan"],
      ["flag.kill", "errors up"],
      ["flag.enable", "fixed"],
      ["flag.ramp", "next step"],
      ["flag.serve-me", "dogfood"],
      ["flag.serve-me", "done"],
    ]);
  });

  it("replaces the rules of one environment with If-Match", async () => {
    await createFlag();
    const rules = [{ id: "staff", kind: "force", serve: "on", condition: { email: { $regex: "@acme\\.com$" } } }];
    const response = await t.call("editor", {
      method: "PUT",
      url: `${env}/rules`,
      payload: { rules, reason: "staff first" },
      headers: { "if-match": '"1"' },
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().body.environments.production.rules).toEqual(rules);
  });
});

describe("schedules", () => {
  it("schedules a ramp plan, lists it, applies a due step and cancels the rest", async () => {
    await createFlag();
    const steps = [
      { percent: 25, at: "2025-06-01T10:00:00Z" },
      { percent: 50, at: "2025-06-01T11:00:00Z" },
      { percent: 100, at: "2025-06-01T12:00:00Z" },
    ];
    const created = await t.call("editor", {
      method: "POST",
      url: "/api/v1/flags/new-checkout/schedules",
      payload: { environment: "production", steps, reason: "ramp plan" },
    });
    expect(created.statusCode, created.body).toBe(201);
    const [first] = created.json().items;
    expect(first.action).toEqual({ op: "ramp", percent: 25 });
    const list = await t.call("viewer", { method: "GET", url: "/api/v1/flags/new-checkout/schedules?status=pending" });
    expect(list.json().items).toHaveLength(3);

    const cancelled = await t.call("editor", {
      method: "DELETE",
      url: `/api/v1/schedules/${first.id}?wholePlan=true`,
      headers: reason,
    });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(cancelled.json().items).toHaveLength(3);
    const again = await t.call("editor", { method: "DELETE", url: `/api/v1/schedules/${first.id}`, headers: reason });
    expect(again.statusCode).toBe(409);
  });

  it("schedules a single activation", async () => {
    await createFlag();
    const response = await t.call("editor", {
      method: "POST",
      url: "/api/v1/flags/new-checkout/schedules",
      payload: { environment: "staging", at: "2025-06-02T00:00:00Z", action: { op: "kill" } },
    });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json().items[0]).toMatchObject({ environment: "staging", planId: null, status: "pending" });
  });
});

describe("segments and experiments", () => {
  it("creates, reads, lists, replaces and archives a segment", async () => {
    const created = await t.call("editor", {
      method: "POST",
      url: "/api/v1/segments",
      payload: { name: "beta", attribute: "id", ids: ["u1", "u2"] },
    });
    expect(created.statusCode, created.body).toBe(201);
    const read = await t.call("viewer", { method: "GET", url: "/api/v1/segments/beta" });
    expect(read.headers.etag).toBe('"1"');
    const put = await t.call("editor", {
      method: "PUT",
      url: "/api/v1/segments/beta",
      payload: { condition: { country: "jp" } },
      headers: { "if-match": '"1"' },
    });
    expect(put.statusCode, put.body).toBe(200);
    expect((await t.call("viewer", { method: "GET", url: "/api/v1/segments" })).json().items).toHaveLength(1);
    const archived = await t.call("editor", { method: "POST", url: "/api/v1/segments/beta/archive" });
    expect(archived.json().archived).toBe(true);
  });

  it("accepts an id list of 100,000 ids", async () => {
    const ids = Array.from({ length: 100_000 }, (_, i) => `user-${i}`);
    const response = await t.call("editor", {
      method: "POST",
      url: "/api/v1/segments",
      payload: { name: "all", attribute: "id", ids },
    });
    expect(response.statusCode).toBe(201);
  });

  it("creates, reads, lists and replaces an experiment", async () => {
    const body = {
      hypothesis: "A shorter checkout converts better.",
      metrics: ["conversion"],
      guardrails: ["errors"],
      owner: "ana",
    };
    const created = await t.call("editor", {
      method: "POST",
      url: "/api/v1/experiments",
      payload: { name: "short-checkout", ...body },
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(
      (await t.call("viewer", { method: "GET", url: "/api/v1/experiments/short-checkout" })).json().body,
    ).toMatchObject(body);
    expect((await t.call("viewer", { method: "GET", url: "/api/v1/experiments" })).json().items).toHaveLength(1);
    const put = await t.call("editor", {
      method: "PUT",
      url: "/api/v1/experiments/short-checkout",
      payload: { ...body, autoDisable: { guardrail: "errors", threshold: 0.05 } },
      headers: { "if-match": '"1"' },
    });
    expect(put.statusCode, put.body).toBe(200);
  });
});

describe("releases, changes and markers", () => {
  it("records a release and returns it as a marker with the changes in [from, to)", async () => {
    await createFlag();
    const release = await t.call("editor", {
      method: "POST",
      url: "/api/v1/releases",
      payload: { sha: "64fd32f", environment: "production", deployedAt: "2025-06-01T08:30:00Z" },
    });
    expect(release.statusCode, release.body).toBe(201);
    expect(
      (await t.call("viewer", { method: "GET", url: "/api/v1/releases?environment=production" })).json().items,
    ).toHaveLength(1);
    const markers = await t.call("viewer", {
      method: "GET",
      url: "/api/v1/markers?from=2025-06-01T08:00:00Z&to=2025-06-01T10:00:00Z",
    });
    expect(markers.statusCode, markers.body).toBe(200);
    const kinds = markers.json().items.map((m: { kind: string; title: string }) => [m.kind, m.title]);
    expect(kinds).toContainEqual(["release", "release 64fd32f in production"]);
    expect(kinds.filter(([kind]: [string]) => kind === "change").length).toBeGreaterThan(0);
    // Tokens and environments are audited but are not behaviour changes: they stay off the graphs.
    const actions = markers.json().items.map((m: { change?: { action: string } }) => m.change?.action ?? "release");
    expect(actions.filter((action: string) => /^(token|environment)\./.test(action))).toEqual([]);
    const audited = await t.call("viewer", {
      method: "GET",
      url: "/api/v1/changes?action=token.&from=2025-06-01T08:00:00Z&to=2025-06-01T10:00:00Z",
    });
    expect(audited.json().items.length).toBeGreaterThan(0);
    const changes = await t.call("viewer", { method: "GET", url: "/api/v1/changes?action=release.&limit=5" });
    expect(changes.json().items).toHaveLength(1);
  });
});

describe("tokens", () => {
  it("creates a token whose secret works once shown, lists it without secrets and revokes it", async () => {
    const created = await t.call("admin", {
      method: "POST",
      url: "/api/v1/tokens",
      payload: { kind: "personal", name: "ana", role: "viewer" },
    });
    expect(created.statusCode, created.body).toBe(201);
    const { token, secret } = created.json();
    expect(secret).toMatch(/^sb_pat_[A-Za-z0-9_-]{43}$/);
    const headers = { authorization: `Bearer ${secret}` };
    expect((await t.app.inject({ method: "GET", url: "/api/v1/flags", headers })).statusCode).toBe(200);
    const list = await t.call("admin", { method: "GET", url: "/api/v1/tokens" });
    expect(JSON.stringify(list.json())).not.toContain(secret);
    expect(list.json().items[0]).not.toHaveProperty("hash");
    const revoked = await t.call("admin", { method: "DELETE", url: `/api/v1/tokens/${token.id}` });
    expect(revoked.json().revokedAt).not.toBeNull();
    expect((await t.app.inject({ method: "GET", url: "/api/v1/flags", headers })).statusCode).toBe(401);
  });

  it("creates SDK keys for an environment", async () => {
    const created = await t.call("admin", {
      method: "POST",
      url: "/api/v1/tokens",
      payload: { kind: "client-sdk", name: "web", environment: "production" },
    });
    expect(created.json().secret).toMatch(/^sb_cli_/);
    expect(created.json().token).toMatchObject({ role: null, environment: "production" });
  });
});
