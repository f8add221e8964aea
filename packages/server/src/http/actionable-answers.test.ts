import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestApp, rampFlag, type TestApp } from "./testing/create-test-app.js";

// Answers a newcomer misread: each one says what happened and what to do instead.
let t: TestApp;
const reason = { "x-change-reason": "first run" };
const env = "/api/v1/flags/new-checkout/environments/production";

beforeEach(async () => {
  t = await createTestApp();
  const created = await t.call("editor", {
    method: "POST",
    url: "/api/v1/flags",
    payload: rampFlag(),
    headers: reason,
  });
  expect(created.statusCode, created.body).toBe(201);
});
afterEach(async () => {
  await t.app.close();
});

const post = (path: string, payload: unknown) =>
  t.call("editor", { method: "POST", url: `${env}/${path}`, payload, headers: reason });

describe("a change to the rules of a killed flag", () => {
  it("is saved, and the answer warns that the flag stays killed and how to enable it", async () => {
    expect((await post("kill", {})).statusCode).toBe(200);
    const ramped = await post("ramp", { percent: 25 });
    expect(ramped.statusCode, ramped.body).toBe(200);
    const answer = ramped.json();
    expect(answer.body.environments.production).toMatchObject({ enabled: false, rules: [{ percent: 25 }] });
    expect(answer.warnings).toEqual([
      'Flag "new-checkout" is killed in production, so this change serves nobody until it is enabled: ' +
        "POST /api/v1/flags/new-checkout/environments/production/enable.",
    ]);
    const served = await post("serve-me", { add: ["u-1"] });
    expect(served.json().warnings).toHaveLength(1);
    const rules = await t.call("editor", {
      method: "PUT",
      url: `${env}/rules`,
      payload: { rules: [] },
      headers: { ...reason, "if-match": `"${served.json().version}"` },
    });
    expect(rules.json().warnings).toHaveLength(1);
  });

  it("carries no warning when the flag is on", async () => {
    const ramped = await post("ramp", { percent: 25 });
    expect(ramped.statusCode).toBe(200);
    expect(ramped.json()).not.toHaveProperty("warnings");
    expect((await post("kill", {})).json()).not.toHaveProperty("warnings");
  });
});

describe('If-Match: "0"', () => {
  it("says that versions start at 1, not that the header is malformed", async () => {
    const response = await t.call("editor", {
      method: "PUT",
      url: "/api/v1/flags/new-checkout",
      payload: { ...rampFlag(), key: undefined },
      headers: { ...reason, "if-match": '"0"' },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toBe(
      'If-Match: "0" names no version: versions start at 1 (a new document is version 1). ' +
        'Send the ETag of the version you read, e.g. If-Match: "1".',
    );
  });

  it("still explains a header that names no version at all", async () => {
    const response = await t.call("editor", {
      method: "PUT",
      url: "/api/v1/flags/new-checkout",
      payload: {},
      headers: { "if-match": "latest" },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toMatch(/^If-Match must name one version/);
  });
});

describe("a method the path does not answer", () => {
  it("DELETE of a flag answers 405 and names the archive route", async () => {
    const response = await t.call("editor", { method: "DELETE", url: "/api/v1/flags/new-checkout" });
    expect(response.statusCode).toBe(405);
    expect(response.headers["allow"]).toBe("GET, PUT");
    expect(response.json().error).toMatchObject({
      code: "METHOD_NOT_ALLOWED",
      message:
        "DELETE /api/v1/flags/new-checkout is not a route: flags are archived, not deleted, so their history stays. " +
        "Archive it with POST /api/v1/flags/new-checkout/archive.",
    });
    const read = await t.call("viewer", { method: "GET", url: "/api/v1/flags/new-checkout" });
    expect(read.statusCode).toBe(200);
  });

  it("DELETE of a segment points to its archive route too", async () => {
    const response = await t.call("editor", { method: "DELETE", url: "/api/v1/segments/staff" });
    expect(response.statusCode).toBe(405);
    expect(response.json().error.message).toContain("POST /api/v1/segments/staff/archive");
  });

  it("another method lists the ones the path answers", async () => {
    const response = await t.call("editor", { method: "PATCH", url: "/api/v1/flags/new-checkout", payload: {} });
    expect(response.statusCode).toBe(405);
    expect(response.json().error.message).toBe(
      "PATCH /api/v1/flags/new-checkout is not a route; this path answers GET, PUT.",
    );
  });

  it("a path no route has is still a 404", async () => {
    const response = await t.call("editor", { method: "DELETE", url: "/api/v1/nothing-here" });
    expect(response.statusCode).toBe(404);
    expect(response.json().error.message).toBe("No route DELETE /api/v1/nothing-here.");
  });
});
