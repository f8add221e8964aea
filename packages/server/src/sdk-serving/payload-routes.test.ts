import type { FastifyInstance } from "fastify";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { FakeConfigStore } from "../store/fake-config-store.js";
import { createSdkTestApp, KEYS, setEnabled, type TableAuthenticator } from "./testing/sdk-test-support.js";

let app: FastifyInstance;
let store: FakeConfigStore;
let auth: TableAuthenticator;

beforeEach(async () => {
  ({ app, store, auth } = await createSdkTestApp());
});
afterEach(async () => {
  await app.close();
});

function getPayload(key: string, headers: Record<string, string> = {}, query = "") {
  return app.inject({
    method: "GET",
    url: `/api/v1/sdk/payload${query}`,
    headers: { authorization: `Bearer ${key}`, ...headers },
  });
}

describe("GET /api/v1/sdk/payload", () => {
  it("serves the key's environment payload with a strong ETag and no-cache", async () => {
    const response = await getPayload(KEYS.server);
    expect(response.statusCode).toBe(200);
    expect(response.headers["etag"]).toMatch(/^"[\w-]+"$/);
    expect(response.headers["cache-control"]).toBe("no-cache");
    expect(response.headers["content-type"]).toContain("application/json");
    const payload = response.json();
    expect(Object.keys(payload.features)).toEqual(["beta-banner", "new-checkout", "search-limit"]);
    expect(payload.savedGroups).toEqual({ "beta-testers": ["user-1001", "user-1002"] });
  });

  it("answers 304 without a body when If-None-Match names the current ETag", async () => {
    const first = await getPayload(KEYS.server);
    const etag = String(first.headers["etag"]);
    const second = await getPayload(KEYS.server, { "if-none-match": etag });
    expect(second.statusCode).toBe(304);
    expect(second.body).toBe("");
    expect(second.headers["etag"]).toBe(etag);
    const listed = await getPayload(KEYS.server, { "if-none-match": `"other", W/${etag}` });
    expect(listed.statusCode).toBe(304);
  });

  it("gives a new ETag after a change to the environment, and the same one after a change elsewhere", async () => {
    const before = String((await getPayload(KEYS.server)).headers["etag"]);
    const stagingBefore = String((await getPayload(KEYS.staging)).headers["etag"]);
    await setEnabled(store, "new-checkout", false);
    await new Promise((resolve) => setImmediate(resolve));
    const after = await getPayload(KEYS.server, { "if-none-match": before });
    expect(after.statusCode).toBe(200);
    expect(after.json().features["new-checkout"].disabled).toBe(true);
    const staging = await getPayload(KEYS.staging, { "if-none-match": stagingBefore });
    expect(staging.statusCode).toBe(304);
  });

  it("never shows a client key flags that are not client-visible, nor id lists", async () => {
    const response = await getPayload(KEYS.client);
    const payload = response.json();
    expect(Object.keys(payload.features)).toEqual(["beta-banner", "new-checkout"]);
    expect(payload.savedGroups).toBeUndefined();
    expect(response.body).not.toContain("search-limit");
    expect(JSON.stringify(payload.features["beta-banner"].rules)).toContain('"$in":["user-1001","user-1002"]');
    expect(response.body).not.toContain("$inGroup");
  });

  it("refuses a missing or unknown key with 401 in the API's error shape", async () => {
    const missing = await app.inject({ method: "GET", url: "/api/v1/sdk/payload" });
    expect(missing.statusCode).toBe(401);
    expect(missing.json().error.code).toBe("UNAUTHENTICATED");
    const unknown = await getPayload("nope");
    expect(unknown.statusCode).toBe(401);
  });

  it("lets an admin token read an environment it names, and refuses personal tokens", async () => {
    expect((await getPayload(KEYS.admin)).statusCode).toBe(400);
    const admin = await getPayload(KEYS.admin, {}, "?environment=production");
    expect(admin.statusCode).toBe(200);
    expect(admin.json().savedGroups).toBeDefined();
    expect((await getPayload(KEYS.admin, {}, "?environment=nowhere")).statusCode).toBe(404);
    expect((await getPayload(KEYS.personal)).statusCode).toBe(403);
  });

  it("checks each key once until the next change, so revoking a key takes effect at once", async () => {
    await getPayload(KEYS.server);
    await getPayload(KEYS.server);
    expect(auth.calls).toBe(1);
    auth.principals.delete(KEYS.server);
    await store.recordChange({ actor: "test", action: "token.revoke", subjectKind: "token", subjectKey: "k" });
    await new Promise((resolve) => setImmediate(resolve));
    expect((await getPayload(KEYS.server)).statusCode).toBe(401);
  });

  it("lets browsers read it from any origin with a client key, never with a server key", async () => {
    const client = await getPayload(KEYS.client, { origin: "https://example.com" });
    expect(client.headers["access-control-allow-origin"]).toBe("*");
    expect(client.headers["access-control-expose-headers"]).toBe("ETag");
    const cachedClient = await getPayload(KEYS.client, { origin: "https://example.com" });
    expect(cachedClient.headers["access-control-allow-origin"]).toBe("*");
    const server = await getPayload(KEYS.server, { origin: "https://example.com" });
    expect(server.headers["access-control-allow-origin"]).toBeUndefined();
  });

  it("answers a browser's preflight for the bearer endpoints, and no control endpoint", async () => {
    for (const url of ["/api/v1/sdk/payload", "/api/v1/sdk/stream", "/ofrep/v1/evaluate/flags/x"]) {
      const preflight = await app.inject({
        method: "OPTIONS",
        url,
        headers: { origin: "https://example.com", "access-control-request-headers": "authorization" },
      });
      expect(preflight.statusCode).toBe(204);
      expect(preflight.headers["access-control-allow-headers"]).toContain("authorization");
    }
    const control = await app.inject({ method: "OPTIONS", url: "/api/v1/flags", headers: { origin: "https://x.org" } });
    expect(control.headers["access-control-allow-origin"]).toBeUndefined();
  });
});

describe("GET /api/features/:clientKey (GrowthBook-compatible)", () => {
  it("answers GrowthBook's shape with CORS, SSE support and an ETag", async () => {
    const response = await app.inject({ method: "GET", url: `/api/features/${KEYS.client}` });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.status).toBe(200);
    expect(Object.keys(body.features)).toEqual(["beta-banner", "new-checkout"]);
    expect(body.savedGroups).toBeUndefined();
    expect(typeof body.dateUpdated).toBe("string");
    expect(response.headers["access-control-allow-origin"]).toBe("*");
    expect(response.headers["x-sse-support"]).toBe("enabled");
    const again = await app.inject({
      method: "GET",
      url: `/api/features/${KEYS.client}`,
      headers: { "if-none-match": String(response.headers["etag"]) },
    });
    expect(again.statusCode).toBe(304);
  });

  it("D10: refuses a server key (403, no saved groups) and unknown keys (401), with CORS headers", async () => {
    const server = await app.inject({ method: "GET", url: `/api/features/${KEYS.server}` });
    expect(server.statusCode).toBe(403);
    expect(server.json().savedGroups).toBeUndefined();
    const unknown = await app.inject({ method: "GET", url: "/api/features/nope" });
    expect(unknown.statusCode).toBe(401);
    expect(unknown.headers["access-control-allow-origin"]).toBe("*");
  });
});
