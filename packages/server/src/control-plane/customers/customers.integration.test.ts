import type { Change, CustomerLookup, CustomerPreviewGrant, IngestItem } from "@switchboard/core";
import { DuckDbEventStore } from "@switchboard/events/duckdb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../http/testing/create-test-app.js";

// Events and exposures go in through the public ingest API with real timestamps (ingest checks them against the
// wall clock); the app's manual clock only drives the preview tokens' expiry.
const NOW = Date.now();
const MIN = 60_000;
const ago = (minutes: number) => new Date(NOW - minutes * MIN).toISOString();

let t: TestApp;
let events: DuckDbEventStore;

const FLAG = {
  key: "new-checkout",
  type: "boolean",
  defaultVariation: "off",
  environments: {
    production: {
      rules: [{ id: "japan", kind: "force", condition: { country: "jp" }, serve: "on" }],
    },
  },
};
const BANNER = {
  key: "banner",
  type: "string",
  variations: [
    { key: "blue", value: "blue" },
    { key: "red", value: "red" },
  ],
  defaultVariation: "blue",
};

function request(
  unit: string,
  minutesAgo: number,
  fields: Record<string, unknown>,
  assignments: Record<string, string>,
) {
  const id = `r-${unit}-${minutesAgo}`;
  return {
    type: "event",
    id,
    ts: ago(minutesAgo),
    name: "request",
    unit,
    status: 200,
    durationMs: 40,
    fields,
    assignments,
  };
}
function exposure(unit: string, flag: string, variation: string, ruleId: string, minutesAgo: number) {
  const id = `x-${unit}-${flag}-${minutesAgo}`;
  return {
    type: "exposure",
    id,
    ts: ago(minutesAgo),
    unit,
    hashAttribute: "id",
    flag,
    variation,
    ruleId,
    release: "a1b2c3d",
  };
}

async function ingest(items: object[]): Promise<void> {
  const response = await t.call("serverSdk", {
    method: "POST",
    url: "/api/v1/events",
    headers: { "idempotency-key": `batch-${Math.random()}` },
    payload: items,
  });
  expect(response.statusCode, response.body).toBe(200);
}

beforeAll(async () => {
  events = await DuckDbEventStore.open({ path: ":memory:" });
  t = await createTestApp({}, { events });
  for (const flag of [FLAG, BANNER]) {
    const created = await t.call("admin", { method: "POST", url: "/api/v1/flags", payload: flag });
    expect(created.statusCode, created.body).toBe(201);
  }
  const items: IngestItem[] = [
    // u-42 was in France, then moved to Japan: the rule "japan" serves it `on` now.
    request("u-42", 60, { context: { country: "fr", email_hash: "e-42" } }, { "new-checkout": "off" }),
    request(
      "u-42",
      10,
      { context: { country: "jp" }, http: { route: "/checkout" } },
      { "new-checkout": "on", banner: "red" },
    ),
    exposure("u-42", "new-checkout", "off", "default", 60),
    exposure("u-42", "new-checkout", "off", "default", 50),
    exposure("u-42", "new-checkout", "on", "japan", 10),
    exposure("u-42", "banner", "red", "r-red", 10),
    request("u-7", 5, { context: { country: "us" } }, {}),
  ] as IngestItem[];
  await ingest(items);
}, 60_000);
afterAll(async () => {
  await t.app.close();
  await events.close();
});

async function lookup(unit: string, who: "support" | "viewer" = "support"): Promise<CustomerLookup> {
  const response = await t.call(who, { method: "GET", url: `/api/v1/customers/${unit}` });
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as CustomerLookup;
}

async function changes(action: string): Promise<Change[]> {
  const response = await t.call("admin", { method: "GET", url: `/api/v1/changes?action=${action}` });
  return (response.json() as { items: Change[] }).items;
}

async function mint(body: Record<string, unknown>, unit = "u-42"): Promise<CustomerPreviewGrant> {
  const response = await t.call("support", {
    method: "POST",
    url: `/api/v1/customers/${unit}/previews`,
    payload: body,
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as CustomerPreviewGrant;
}

async function resolve(token: string, who: "serverSdk" | "clientSdk" = "serverSdk") {
  return t.call(who, { method: "GET", url: `/api/v1/sdk/preview?token=${encodeURIComponent(token)}` });
}

describe("the customer lookup", () => {
  it("shows what the unit sees now in every environment, from its last known attributes, with the deciding rule", async () => {
    const found = await lookup("u-42");
    expect(found.attributes).toEqual({ country: "jp", email_hash: "e-42", id: "u-42" });
    const production = found.now.find((env) => env.environment === "production");
    expect(production?.flags.find((f) => f.flag === "new-checkout")).toMatchObject({
      variation: "on",
      ruleId: "japan",
      ruleKind: "force",
      evaluationReason: "TARGETING_MATCH",
    });
    const staging = found.now.find((env) => env.environment === "staging");
    expect(staging?.flags.find((f) => f.flag === "new-checkout")).toMatchObject({
      variation: "off",
      ruleId: "",
      ruleKind: "default",
    });
    expect(found.now.map((env) => env.environment)).toEqual(["development", "production", "staging"]);
  });

  it("folds the exposures into a timeline of what the unit was served, newest first", async () => {
    const found = await lookup("u-42");
    const checkout = found.timeline.filter((span) => span.flag === "new-checkout");
    expect(checkout).toEqual([
      expect.objectContaining({ variation: "on", ruleId: "japan", startedAt: ago(10), endedAt: null, exposures: 1 }),
      expect.objectContaining({
        variation: "off",
        startedAt: ago(60),
        endedAt: ago(10),
        lastSeenAt: ago(50),
        exposures: 2,
      }),
    ]);
    expect(checkout[0]?.release).toBe("a1b2c3d");
  });

  it("lists recent requests with their assignments and links to the raw events of their time", async () => {
    const found = await lookup("u-42");
    expect(found.requests.map((r) => r.id)).toEqual(["r-u-42-10", "r-u-42-60"]);
    expect(found.requests[0]?.assignments).toEqual({ "new-checkout": "on", banner: "red" });
    const raw = await t.call("support", { method: "GET", url: found.requests[0]?.rawEventsHref ?? "" });
    expect(raw.statusCode, raw.body).toBe(200);
    expect((raw.json() as { items: { id: string }[] }).items.map((e) => e.id)).toEqual(["r-u-42-10"]);
    const q = JSON.parse(new URL(found.requests[0]?.explorerHref ?? "", "http://x").searchParams.get("q") ?? "{}");
    expect(q).toMatchObject({
      kind: "events",
      environment: "production",
      where: [{ field: "unit", op: "=", value: "u-42" }],
    });
  });

  it("finds units by an attribute value, and answers 404 naming what was searched", async () => {
    const search = await t.call("support", { method: "GET", url: "/api/v1/customers?attribute=email_hash&value=e-42" });
    expect(search.statusCode, search.body).toBe(200);
    expect(search.json()).toMatchObject({ attribute: "email_hash", units: [{ unit: "u-42" }] });
    const none = await t.call("support", { method: "GET", url: "/api/v1/customers?attribute=email_hash&value=e-0" });
    expect(none.statusCode).toBe(404);
    expect(none.json().error.message).toContain('email_hash = "e-0"');
    const unknown = await t.call("support", { method: "GET", url: "/api/v1/customers/nobody-here" });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.message).toContain('unit "nobody-here"');
  });

  it("writes every lookup to the audit log: who looked up whom, and why when told", async () => {
    await lookup("u-7");
    const entries = await changes("customer.lookup");
    expect(entries[0]).toMatchObject({ actor: "personal-support", subjectKind: "customer", subjectKey: "u-7" });
    const why = { "x-change-reason": "ticket 4711" };
    await t.call("support", { method: "GET", url: "/api/v1/customers/u-42", headers: why });
    expect((await changes("customer.lookup"))[0]).toMatchObject({ subjectKey: "u-42", reason: "ticket 4711" });
    const markers = await t.call("admin", { method: "GET", url: "/api/v1/markers" });
    expect(JSON.stringify(markers.json())).not.toContain("customer.lookup");
  });

  it("keeps a busy support desk's lookups from crowding the activations off the graphs", async () => {
    const from = t.clock.now().toISOString();
    for (let i = 0; i < 1_200; i++) {
      const lookup = { actor: "desk", action: "customer.lookup", subjectKind: "customer", subjectKey: `u-${i}` };
      await t.store.recordChange({ ...lookup, environment: null, reason: null });
    }
    const kill = await t.call("admin", {
      method: "POST",
      url: "/api/v1/flags/banner/environments/staging/kill",
      payload: {},
    });
    expect(kill.statusCode, kill.body).toBe(200);
    t.clock.advance(1000);
    const markers = await t.call("viewer", {
      method: "GET",
      url: `/api/v1/markers?from=${from}&to=${t.clock.now().toISOString()}`,
    });
    const titles = (markers.json() as { items: { title: string }[] }).items.map((m) => m.title);
    expect(titles).toContainEqual(expect.stringContaining("flag.kill banner in staging"));
    expect(titles.some((title) => title.includes("customer."))).toBe(false);
  });

  it("lets the support role read only the customer routes", async () => {
    const attempts = [
      { method: "GET", url: "/api/v1/flags" },
      { method: "POST", url: "/api/v1/flags", payload: { ...BANNER, key: "x" } },
      { method: "POST", url: "/api/v1/flags/banner/environments/production/kill", payload: {} },
      { method: "GET", url: "/api/v1/changes" },
      { method: "POST", url: "/api/v1/query", payload: { kind: "events", last: "1h" } },
    ] as const;
    for (const attempt of attempts) {
      const response = await t.call("support", attempt);
      expect(response.statusCode, `${attempt.method} ${attempt.url}`).toBe(403);
      expect(response.json().error.message).toContain("support token reads only the customer lookup");
    }
    expect((await t.call("support", { method: "GET", url: "/api/v1/me" })).json()).toMatchObject({ role: "support" });
  });
});

describe("customer previews", () => {
  it("mints a token of what the unit sees now, which an SDK key of that environment resolves", async () => {
    const grant = await mint({ environment: "production", appUrl: "https://shop.example/checkout?x=1" });
    expect(grant.token).toMatch(/^sbc\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    expect(grant.link).toBe(`https://shop.example/checkout?x=1&sb_preview=${grant.token}`);
    expect(grant.preview.overrides).toEqual({ "new-checkout": "on", banner: "blue" });
    const resolved = await resolve(grant.token);
    expect(resolved.statusCode, resolved.body).toBe(200);
    expect(resolved.json()).toMatchObject({
      id: grant.preview.id,
      overrides: { "new-checkout": "on", banner: "blue" },
    });
    expect(resolved.headers["cache-control"]).toBe("no-store");
    const fromBrowser = await resolve(grant.token, "clientSdk");
    expect(fromBrowser.statusCode, fromBrowser.body).toBe(200);
    expect(fromBrowser.headers["access-control-allow-origin"]).toBe("*");
    expect((await changes("customer.preview.create"))[0]).toMatchObject({
      subjectKey: grant.preview.id,
      actor: "personal-support",
    });
  });

  it("reproduces a past moment from the exposure timeline and the request's assignments, with picks on top", async () => {
    const past = await mint({ environment: "production", at: ago(30) });
    expect(past.preview.overrides).toEqual({ "new-checkout": "off" });
    const picked = await mint({ environment: "production", at: ago(5), overrides: { banner: "blue" } });
    expect(picked.preview.overrides).toEqual({ "new-checkout": "on", banner: "blue" });
    const bad = await t.call("support", {
      method: "POST",
      url: "/api/v1/customers/u-42/previews",
      payload: { environment: "production", overrides: { banner: "green", nope: "on" } },
    });
    expect(bad.statusCode).toBe(400);
    expect(
      bad
        .json()
        .error.details.map((d: { path: string }) => d.path)
        .sort(),
    ).toEqual(["overrides.banner", "overrides.nope"]);
  });

  it("takes a past moment's request from the preview's own environment", async () => {
    await ingest([request("u-9", 30, {}, { banner: "red" })]);
    const staging = [request("u-9", 20, {}, { banner: "blue" })] as IngestItem[];
    await events.append({ batchId: "u-9-staging", environment: "staging", items: staging });
    expect((await mint({ environment: "production", at: ago(10) }, "u-9")).preview.overrides).toEqual({
      banner: "red",
    });
    expect((await mint({ environment: "staging", at: ago(10) }, "u-9")).preview.overrides).toEqual({ banner: "blue" });
  });

  it("refuses expired, revoked, tampered and other-environment tokens with their reason", async () => {
    const grant = await mint({ environment: "production", ttlSeconds: 120 });
    const [prefix, claims, signature] = grant.token.split(".");
    const tampered = `${prefix}.${claims}.${signature?.slice(0, -1)}${signature?.endsWith("A") ? "B" : "A"}`;
    expect((await resolve(tampered)).json().error).toMatchObject({ code: "FORBIDDEN", reason: "bad-signature" });
    expect((await resolve("sbc.garbage")).json().error.reason).toBe("malformed");
    const otherEnv = await mint({ environment: "staging" }, "u-7");
    expect((await resolve(otherEnv.token)).json().error.reason).toBe("wrong-environment");

    const revoked = await mint({ environment: "production" });
    const revoke = await t.call("support", {
      method: "DELETE",
      url: `/api/v1/customers/u-42/previews/${revoked.preview.id}`,
    });
    expect(revoke.statusCode, revoke.body).toBe(200);
    expect(revoke.json()).toMatchObject({ revokedBy: "personal-support" });
    const refused = await resolve(revoked.token);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error).toMatchObject({ reason: "revoked", message: "The preview token was revoked." });

    expect((await resolve(grant.token)).statusCode).toBe(200);
    t.clock.advance(121_000);
    const expired = await resolve(grant.token);
    expect(expired.statusCode).toBe(403);
    expect(expired.json().error.reason).toBe("expired");
    expect(expired.json().error.message).toContain("expired");
  });

  it("lists a unit's previews with their revocations", async () => {
    const listed = await t.call("support", { method: "GET", url: "/api/v1/customers/u-42/previews" });
    const items = (listed.json() as { items: { revokedAt: string | null }[] }).items;
    expect(items.length).toBeGreaterThanOrEqual(4);
    expect(items.filter((item) => item.revokedAt !== null)).toHaveLength(1);
  });
});
