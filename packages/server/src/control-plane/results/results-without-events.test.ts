import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../http/testing/create-test-app.js";

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  await t.app.close();
});

describe("results on a server without an event store", () => {
  it("answers 503 for a running experiment rather than failing", async () => {
    const rule = { id: "split", kind: "experiment", key: "exp", variations: ["off", "on"] };
    const flag = {
      key: "f",
      type: "boolean",
      defaultVariation: "off",
      environments: { production: { rules: [rule] } },
    };
    const created = await t.call("editor", {
      method: "POST",
      url: "/api/v1/flags",
      payload: flag,
      headers: { "x-change-reason": "start" },
    });
    expect(created.statusCode, created.body).toBe(201);
    t.clock.advance(60_000);
    const response = await t.call("viewer", { method: "GET", url: "/api/v1/experiments/exp/results" });
    expect(response.statusCode).toBe(503);
    expect(response.json().error.message).toContain("event store");
  });
});
