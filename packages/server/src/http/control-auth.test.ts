import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestApp, rampFlag, type TestApp } from "./testing/create-test-app.js";

let t: TestApp;

beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  await t.app.close();
});

describe("authentication", () => {
  it("answers 401 without a token, with a malformed header and with an unknown token", async () => {
    const noToken = await t.call(null, { method: "GET", url: "/api/v1/flags" });
    expect(noToken.statusCode).toBe(401);
    expect(noToken.json().error.message).toContain("Authorization: Bearer");
    const basic = await t.call(null, { method: "GET", url: "/api/v1/flags", headers: { authorization: "Basic abc" } });
    expect(basic.statusCode).toBe(401);
    const unknown = await t.call(null, {
      method: "GET",
      url: "/api/v1/flags",
      headers: { authorization: "Bearer sb_pat_nope" },
    });
    expect(unknown.statusCode).toBe(401);
  });

  it("answers 401 for a revoked token", async () => {
    const tokens = await t.call("admin", { method: "GET", url: "/api/v1/tokens" });
    const editor = tokens.json().items.find((token: { role: string }) => token.role === "editor");
    await t.call("admin", { method: "DELETE", url: `/api/v1/tokens/${editor.id}` });
    const response = await t.call("editor", { method: "GET", url: "/api/v1/flags" });
    expect(response.statusCode).toBe(401);
    expect(response.json().error.message).toContain("revoked");
  });

  it("rate-limits an address's failures after 20 a minute with 429 and Retry-After, never its valid token", async () => {
    const bad = { method: "GET" as const, url: "/api/v1/flags", headers: { authorization: "Bearer sb_pat_guess" } };
    for (let i = 0; i < 20; i++) expect((await t.call(null, bad)).statusCode).toBe(401);
    const limited = await t.call(null, bad);
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error.code).toBe("RATE_LIMITED");
    expect(Number(limited.headers["retry-after"])).toBeGreaterThan(0);
    expect((await t.call("admin", { method: "GET", url: "/api/v1/flags" })).statusCode).toBe(200);
    t.clock.advance(61_000);
    expect((await t.call(null, bad)).statusCode).toBe(401);
  });

  it("lets other addresses in while one is limited", async () => {
    const bad = { method: "GET" as const, url: "/api/v1/flags", headers: { authorization: "Bearer x" } };
    for (let i = 0; i < 21; i++) await t.call(null, bad);
    const other = await t.call("viewer", { method: "GET", url: "/api/v1/flags", remoteAddress: "10.0.0.9" });
    expect(other.statusCode).toBe(200);
  });

  it("serves the OpenAPI document without a token", async () => {
    expect((await t.call(null, { method: "GET", url: "/api/v1/openapi.json" })).statusCode).toBe(200);
  });
});

describe("roles", () => {
  it("lets viewers read but not write", async () => {
    expect((await t.call("viewer", { method: "GET", url: "/api/v1/flags" })).statusCode).toBe(200);
    const write = await t.call("viewer", { method: "POST", url: "/api/v1/flags", payload: rampFlag() });
    expect(write.statusCode).toBe(403);
    expect(write.json().error.message).toContain("editor role");
  });

  it("keeps tokens and environments to admins", async () => {
    expect((await t.call("editor", { method: "GET", url: "/api/v1/tokens" })).statusCode).toBe(403);
    const env = await t.call("editor", { method: "POST", url: "/api/v1/environments", payload: { name: "qa" } });
    expect(env.statusCode).toBe(403);
    expect((await t.call("admin", { method: "GET", url: "/api/v1/tokens" })).statusCode).toBe(200);
  });

  it("refuses SDK keys on control routes with 403", async () => {
    for (const key of ["serverSdk", "clientSdk"] as const) {
      const response = await t.call(key, { method: "GET", url: "/api/v1/flags" });
      expect(response.statusCode).toBe(403);
      expect(response.json().error.message).toContain("SDK keys");
    }
  });

  it("checks the token before reading the body", async () => {
    const response = await t.call(null, {
      method: "POST",
      url: "/api/v1/flags",
      headers: { "content-type": "application/json" },
      payload: "{not json",
    });
    expect(response.statusCode).toBe(401);
  });
});

describe("reasons", () => {
  it("requires editors to give a reason for changes to production, and names the field", async () => {
    const response = await t.call("editor", { method: "POST", url: "/api/v1/flags", payload: rampFlag() });
    expect(response.statusCode).toBe(422);
    expect(response.json().error).toMatchObject({ code: "UNPROCESSABLE", details: [{ path: "reason" }] });
    expect(response.json().error.message).toContain("production");
  });

  it("takes the reason from the body or the X-Change-Reason header (percent-encoded text too)", async () => {
    const created = await t.call("editor", {
      method: "POST",
      url: "/api/v1/flags",
      payload: rampFlag(),
      headers: { "x-change-reason": encodeURIComponent("lancement prévu") },
    });
    expect(created.statusCode).toBe(201);
    const kill = "/api/v1/flags/new-checkout/environments/production/kill";
    expect((await t.call("editor", { method: "POST", url: kill })).statusCode).toBe(422);
    expect((await t.call("editor", { method: "POST", url: kill, payload: { reason: "errors" } })).statusCode).toBe(200);
    const changes = await t.call("viewer", { method: "GET", url: "/api/v1/changes?order=asc&flag=new-checkout" });
    expect(changes.json().items.map((c: { reason: string }) => c.reason)).toEqual(["lancement prévu", "errors"]);
  });

  it("needs no reason outside production, nor from admins", async () => {
    const kill = "/api/v1/flags/new-checkout/environments";
    await t.call("admin", { method: "POST", url: "/api/v1/flags", payload: rampFlag() });
    expect((await t.call("editor", { method: "POST", url: `${kill}/staging/kill` })).statusCode).toBe(200);
    expect((await t.call("admin", { method: "POST", url: `${kill}/production/kill` })).statusCode).toBe(200);
  });
});
