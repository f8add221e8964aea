import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, rampFlag, type TestApp } from "./testing/create-test-app.js";

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
  await t.call("admin", { method: "POST", url: "/api/v1/flags", payload: rampFlag() });
});
afterAll(async () => {
  await t.app.close();
});

const long = (chars: number) => "x".repeat(chars);
const env = "/api/v1/flags/new-checkout/environments/production";
const flag = (fields: Record<string, unknown>) => ({ ...rampFlag("limit-flag"), ...fields });
const experiment = (fields: Record<string, unknown>) => ({ name: "limit-exp", ...fields });

/** [route, the field's path, its limit, a body with that field one character over the limit]. */
const overLimit: [string, string, string, number, Record<string, unknown>][] = [
  ["POST", "/api/v1/flags", "description", 1000, flag({ description: long(1001) })],
  ["POST", "/api/v1/flags", "owner", 200, flag({ owner: long(201) })],
  ["POST", "/api/v1/flags", "tags[0]", 200, flag({ tags: [long(201)] })],
  [
    "POST",
    "/api/v1/flags",
    "variations[0].description",
    1000,
    {
      key: "limit-flag",
      type: "string",
      defaultVariation: "a",
      variations: [{ key: "a", value: "a", description: long(1001) }],
    },
  ],
  ["POST", "/api/v1/segments", "description", 1000, { name: "limit-seg", description: long(1001), condition: {} }],
  ["POST", "/api/v1/segments", "attribute", 200, { name: "limit-seg", attribute: long(201), ids: ["a"] }],
  ["POST", "/api/v1/experiments", "description", 1000, experiment({ description: long(1001) })],
  ["POST", "/api/v1/experiments", "hypothesis", 1000, experiment({ hypothesis: long(1001) })],
  ["POST", "/api/v1/experiments", "owner", 200, experiment({ owner: long(201) })],
  ["POST", "/api/v1/experiments", "metrics[0]", 200, experiment({ metrics: [long(201)] })],
  ["POST", "/api/v1/experiments", "guardrails[0]", 200, experiment({ guardrails: [long(201)] })],
  ["POST", "/api/v1/environments", "description", 1000, { name: "limit-env", description: long(1001) }],
  ["POST", "/api/v1/tokens", "name", 200, { kind: "personal", name: long(201), role: "viewer" }],
  ["POST", `${env}/kill`, "reason", 500, { reason: long(501) }],
  ["POST", `${env}/ramp`, "reason", 500, { percent: 10, reason: long(501) }],
  ["POST", `${env}/serve-me`, "attribute", 200, { add: ["u1"], attribute: long(201) }],
  [
    "POST",
    "/api/v1/flags/new-checkout/schedules",
    "reason",
    500,
    { environment: "production", at: "2030-01-01T00:00:00Z", action: { op: "kill" }, reason: long(501) },
  ],
];

describe("length limits of free text", () => {
  it.each(overLimit)(
    "D24: %s %s refuses %s over %i characters, naming it",
    async (method, url, path, limit, payload) => {
      const seqBefore = await t.store.latestSeq();
      const response = await t.call("admin", { method: method as "POST", url, payload });
      expect(response.statusCode, response.body).toBe(400);
      expect(response.json().error.details).toContainEqual({
        path,
        message: `must be at most ${limit} characters (got ${limit + 1})`,
      });
      expect(await t.store.latestSeq()).toBe(seqBefore);
    },
  );

  it("D24: an X-Change-Reason over 500 characters is refused, naming the header", async () => {
    const response = await t.call("admin", {
      method: "POST",
      url: `${env}/kill`,
      headers: { "x-change-reason": long(501) },
      payload: {},
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details).toContainEqual({
      path: "headers.x-change-reason",
      message: "must be at most 500 characters (got 501)",
    });
  });

  it("D24: text at its limit is accepted", async () => {
    const response = await t.call("admin", {
      method: "POST",
      url: "/api/v1/flags",
      headers: { "x-change-reason": long(500) },
      payload: flag({ key: "at-limit", description: long(1000), owner: long(200), tags: [long(200)] }),
    });
    expect(response.statusCode, response.body).toBe(201);
  });
});
