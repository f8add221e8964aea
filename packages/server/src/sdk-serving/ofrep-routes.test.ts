import type { FastifyInstance } from "fastify";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { FakeConfigStore } from "../store/fake-config-store.js";
import { createSdkTestApp, KEYS, setEnabled } from "./testing/sdk-test-support.js";

let app: FastifyInstance;
let store: FakeConfigStore;

beforeEach(async () => {
  ({ app, store } = await createSdkTestApp());
});
afterEach(async () => {
  await app.close();
});

function evaluate(key: string, flag: string | null, body: unknown, headers: Record<string, string> = {}) {
  return app.inject({
    method: "POST",
    url: flag === null ? "/ofrep/v1/evaluate/flags" : `/ofrep/v1/evaluate/flags/${flag}`,
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json", ...headers },
    payload: typeof body === "string" ? body : JSON.stringify(body),
  });
}

describe("POST /ofrep/v1/evaluate/flags/:key", () => {
  it("evaluates a flag for the context, with targetingKey as the unit id", async () => {
    const response = await evaluate(KEYS.server, "new-checkout", { context: { targetingKey: "user-42" } });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      key: "new-checkout",
      value: true,
      reason: "TARGETING_MATCH",
      variant: "on",
      metadata: { ruleId: "me" },
    });
    const other = await evaluate(KEYS.server, "new-checkout", { context: { targetingKey: "user-7" } });
    expect(other.json()).toMatchObject({ value: false, reason: "DEFAULT", variant: "off" });
  });

  it("evaluates client-visible id lists for client keys, and reports a killed flag as DISABLED", async () => {
    const listed = await evaluate(KEYS.client, "beta-banner", { context: { targetingKey: "user-1002" } });
    expect(listed.json()).toMatchObject({ value: true, reason: "TARGETING_MATCH" });
    await setEnabled(store, "beta-banner", false);
    await new Promise((resolve) => setImmediate(resolve));
    const killed = await evaluate(KEYS.client, "beta-banner", { context: { targetingKey: "user-1002" } });
    expect(killed.json()).toMatchObject({ value: false, reason: "DISABLED" });
  });

  it("answers 404 FLAG_NOT_FOUND for unknown flags and for server-only flags asked with a client key", async () => {
    const unknown = await evaluate(KEYS.server, "nope", { context: {} });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ key: "nope", errorCode: "FLAG_NOT_FOUND" });
    const hidden = await evaluate(KEYS.client, "search-limit", { context: {} });
    expect(hidden.statusCode).toBe(404);
    expect((await evaluate(KEYS.server, "search-limit", {})).json()).toMatchObject({ value: 10, variant: "ten" });
  });

  it("answers 400 INVALID_CONTEXT for a context that is not an object, and PARSE_ERROR for broken JSON", async () => {
    const invalid = await evaluate(KEYS.server, "new-checkout", { context: [1] });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json()).toMatchObject({ key: "new-checkout", errorCode: "INVALID_CONTEXT" });
    const broken = await evaluate(KEYS.server, "new-checkout", "{not json");
    expect(broken.statusCode).toBe(400);
    expect(broken.json().errorCode).toBe("PARSE_ERROR");
  });

  it("answers 401 without a key", async () => {
    const response = await app.inject({ method: "POST", url: "/ofrep/v1/evaluate/flags/new-checkout", payload: {} });
    expect(response.statusCode).toBe(401);
  });

  it("answers refused keys in OFREP's error shape, with the server's reason as errorDetails", async () => {
    const missing = await app.inject({ method: "POST", url: "/ofrep/v1/evaluate/flags/new-checkout", payload: {} });
    expect(missing.json()).toEqual({
      key: "new-checkout",
      errorCode: "GENERAL",
      errorDetails: expect.stringContaining("Authorization: Bearer <key>"),
    });
    const unknown = await evaluate("sb_srv_nobody_issued_this_key", "new-checkout", { context: {} });
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json()).toEqual({
      key: "new-checkout",
      errorCode: "GENERAL",
      errorDetails: expect.stringMatching(/\S/),
    });
    expect(unknown.json()).not.toHaveProperty("error");
  });
});

describe("POST /ofrep/v1/evaluate/flags (bulk)", () => {
  it("answers a refused caller in OFREP's bulk error shape: an admin token is told to name the environment", async () => {
    const response = await evaluate(KEYS.admin, null, { context: {} });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({
      errorCode: "GENERAL",
      errorDetails: expect.stringContaining("An admin token must name the environment"),
    });
  });

  it("evaluates every flag the key may see, with an ETag and 304 when nothing changed", async () => {
    const response = await evaluate(KEYS.client, null, { context: { targetingKey: "user-42" } });
    expect(response.statusCode).toBe(200);
    const { flags } = response.json();
    expect(flags.map((flag: { key: string }) => flag.key)).toEqual(["beta-banner", "new-checkout"]);
    expect(flags[1]).toMatchObject({ key: "new-checkout", value: true });
    const etag = String(response.headers["etag"]);
    const again = await evaluate(
      KEYS.client,
      null,
      { context: { targetingKey: "user-42" } },
      { "if-none-match": etag },
    );
    expect(again.statusCode).toBe(304);
    const otherUser = await evaluate(
      KEYS.client,
      null,
      { context: { targetingKey: "user-7" } },
      { "if-none-match": etag },
    );
    expect(otherUser.statusCode).toBe(200);
  });

  it("includes server-only flags for server keys and refuses a bad context", async () => {
    const response = await evaluate(KEYS.server, null, {});
    expect(response.json().flags).toHaveLength(3);
    const invalid = await evaluate(KEYS.server, null, { context: "user-42" });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().errorCode).toBe("INVALID_CONTEXT");
  });
});
