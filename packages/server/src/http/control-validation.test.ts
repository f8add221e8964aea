import { pino } from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestApp, rampFlag, type TestApp } from "./testing/create-test-app.js";

let t: TestApp;

beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  await t.app.close();
});

const post = (url: string, payload: unknown, headers: Record<string, string> = {}) =>
  t.call("admin", { method: "POST", url: `/api/v1${url}`, payload: payload as object, headers });

describe("body validation", () => {
  it("reports every problem of a flag with its path", async () => {
    const response = await post("/flags", {
      key: "Bad Key",
      type: "boolean",
      defaultVariation: "maybe",
      colour: "red",
      environments: {
        moon: {},
        production: {
          rules: [
            { id: "a", kind: "force", serve: "yes" },
            { id: "b", kind: "ramp", serve: "on", percent: 101, segments: ["nobody"] },
            { id: "c", kind: "force", serve: "on", prerequisites: [{ flag: "ghost", is: "on" }] },
          ],
        },
      },
    });
    expect(response.statusCode).toBe(400);
    const { code, details, message } = response.json().error;
    expect(code).toBe("VALIDATION_FAILED");
    expect(message).toMatch(/^The request has \d+ problems: key /);
    const paths = details.map((d: { path: string; message: string }) => `${d.path}: ${d.message}`);
    expect(paths).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^key: "Bad Key" is not valid/),
        ': unknown field "colour"',
        expect.stringMatching(/^environments\.production\.rules\[1\]\.percent: must be at most 100/),
        expect.stringMatching(/^defaultVariation: unknown variation "maybe"/),
        expect.stringMatching(/^environments\.moon: is not a declared environment/),
        expect.stringMatching(/^environments\.production\.rules\[0\]\.serve: unknown variation "yes"/),
        expect.stringMatching(/^environments\.production\.rules\[2\]\.prerequisites\[0\]\.flag: unknown flag "ghost"/),
      ]),
    );
  });

  it("names unknown segments and checks prerequisites against stored flags", async () => {
    await post("/flags", {
      key: "parent",
      type: "string",
      defaultVariation: "a",
      variations: [{ key: "a", value: "a" }],
    });
    const response = await post("/flags", {
      key: "child",
      type: "boolean",
      defaultVariation: "off",
      environments: {
        staging: {
          rules: [
            { id: "x", kind: "force", serve: "on", segments: ["nobody"] },
            { id: "y", kind: "force", serve: "on", prerequisites: [{ flag: "parent", is: "b" }] },
          ],
        },
      },
    });
    const details = response.json().error.details;
    expect(details).toContainEqual({
      path: "environments.staging.rules[0].segments[0]",
      message: 'unknown segment "nobody"',
    });
    expect(details).toContainEqual(
      expect.objectContaining({ path: "environments.staging.rules[1].prerequisites[0].is" }),
    );
  });

  it("gives rule paths relative to the rules body", async () => {
    await post("/flags", rampFlag());
    const response = await t.call("admin", {
      method: "PUT",
      url: "/api/v1/flags/new-checkout/environments/staging/rules",
      payload: {
        rules: [
          { id: "r", kind: "force", serve: "nope" },
          { id: "s", kind: "shout" },
        ],
      },
      headers: { "if-match": '"1"' },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details).toEqual([
      { path: "rules[1].kind", message: 'must be one of "force", "ramp", "experiment"' },
      expect.objectContaining({ path: "rules[0].serve" }),
    ]);
  });

  it("rejects unknown fields of activation bodies and out-of-range percentages", async () => {
    await post("/flags", rampFlag());
    const response = await post("/flags/new-checkout/environments/production/ramp", { percent: 150, colour: 1 });
    expect(response.json().error.details).toEqual([
      { path: "", message: 'unknown field "colour"' },
      { path: "percent", message: "must be at most 100 (got 150)" },
    ]);
  });

  it("rejects bad query parameters", async () => {
    const response = await t.call("viewer", { method: "GET", url: "/api/v1/changes?limit=lots&colour=1" });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details.map((d: { path: string }) => d.path)).toEqual(["", "limit"]);
  });
});

describe("malformed requests", () => {
  it("answers 400 for invalid JSON, prototype keys, other content types and deep nesting", async () => {
    const raw = (payload: string, type = "application/json") =>
      t.call("admin", { method: "POST", url: "/api/v1/flags", payload, headers: { "content-type": type } });
    for (const response of [
      await raw("{nope"),
      await raw('{"__proto__": {"admin": true}}'),
      await raw('{"constructor": {"prototype": {"admin": true}}}'),
      await raw("key=x", "application/x-www-form-urlencoded"),
      await raw(`${"[".repeat(5000)}${"]".repeat(5000)}`),
    ]) {
      expect(response.statusCode, response.body).toBe(400);
      expect(response.json().error.code).toBe("BAD_REQUEST");
    }
  });

  it("answers 413 for a body over the limit", async () => {
    const small = await createTestApp({ bodyLimitBytes: 1_000 });
    const response = await small.call("admin", {
      method: "POST",
      url: "/api/v1/flags",
      payload: { key: "big", type: "string", defaultVariation: "a", description: "x".repeat(2_000) },
    });
    expect(response.statusCode).toBe(413);
    expect(response.json().error).toMatchObject({ code: "PAYLOAD_TOO_LARGE" });
    await small.app.close();
  });

  it("answers 404 in the same shape for unknown routes, flags and environments", async () => {
    expect((await t.call("admin", { method: "GET", url: "/nothing" })).json().error.code).toBe("NOT_FOUND");
    expect((await t.call("admin", { method: "GET", url: "/api/v1/flags/ghost" })).statusCode).toBe(404);
    await post("/flags", rampFlag());
    const response = await post("/flags/new-checkout/environments/moon/kill", {});
    expect(response.statusCode).toBe(404);
    expect(response.json().error.message).toContain('Environment "moon" does not exist');
  });
});

describe("versions", () => {
  it("answers 409 with the current version on a stale If-Match and 428 without one", async () => {
    await post("/flags", rampFlag());
    await post("/flags/new-checkout/environments/staging/kill", {});
    const { key: _key, ...body } = rampFlag();
    const stale = await t.call("admin", {
      method: "PUT",
      url: "/api/v1/flags/new-checkout",
      payload: body,
      headers: { "if-match": '"1"' },
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error).toMatchObject({ code: "CONFLICT", currentVersion: 2 });
    const missing = await t.call("admin", { method: "PUT", url: "/api/v1/flags/new-checkout", payload: body });
    expect(missing.statusCode).toBe(428);
    const garbage = await t.call("admin", {
      method: "PUT",
      url: "/api/v1/flags/new-checkout",
      payload: body,
      headers: { "if-match": "v2" },
    });
    expect(garbage.statusCode).toBe(400);
    const explicit = await post("/flags/new-checkout/environments/staging/enable", {}, { "if-match": '"1"' });
    expect(explicit.statusCode).toBe(409);
  });

  it("answers 409 for a flag key that is taken", async () => {
    await post("/flags", rampFlag());
    expect((await post("/flags", rampFlag())).statusCode).toBe(409);
  });
});

describe("unprocessable requests", () => {
  it("refuses to ramp without a ramp rule, archive a prerequisite, or write an archived flag", async () => {
    await post("/flags", rampFlag());
    expect((await post("/flags/new-checkout/environments/staging/ramp", { percent: 10 })).statusCode).toBe(422);
    await post("/flags", {
      key: "child",
      type: "boolean",
      defaultVariation: "off",
      environments: {
        staging: {
          rules: [{ id: "x", kind: "force", serve: "on", prerequisites: [{ flag: "new-checkout", is: "on" }] }],
        },
      },
    });
    const archive = await post("/flags/new-checkout/archive", {});
    expect(archive.statusCode).toBe(422);
    expect(archive.json().error.message).toContain("child (staging, rule x)");
    await post("/flags/child/archive", {});
    expect((await post("/flags/child/environments/staging/kill", {})).statusCode).toBe(422);
  });

  it("refuses a schedule in the past and a plan for a missing ramp rule", async () => {
    await post("/flags", rampFlag());
    const past = await post("/flags/new-checkout/schedules", {
      environment: "staging",
      at: "2020-01-01T00:00:00Z",
      action: { op: "kill" },
    });
    expect(past.json().error.details).toEqual([{ path: "at", message: "must be in the future" }]);
    const plan = await post("/flags/new-checkout/schedules", {
      environment: "staging",
      steps: [{ percent: 5, at: "2030-01-01T00:00:00Z" }],
    });
    expect(plan.statusCode).toBe(422);
  });
});

describe("unexpected errors", () => {
  it("answers 500 with the request id and logs the error once", async () => {
    const lines: string[] = [];
    const logger = pino({ level: "info" }, { write: (line: string) => lines.push(line) });
    const failing = await createTestApp({}, { logger });
    failing.store.listDocuments = async () => {
      throw new Error("disk on fire");
    };
    const response = await failing.call("admin", { method: "GET", url: "/api/v1/flags" });
    expect(response.statusCode).toBe(500);
    const { error } = response.json();
    expect(error.message).not.toContain("disk on fire");
    const logged = lines.filter((line) => line.includes("disk on fire"));
    expect(logged).toHaveLength(1);
    expect(logged[0]).toContain(error.requestId);
    await failing.app.close();
  });
});
