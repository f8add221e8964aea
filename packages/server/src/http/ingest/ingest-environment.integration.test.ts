import { afterEach, describe, expect, it } from "vitest";
import { sampleEvent } from "../../../../events/src/store/event-store.contract.js";
import { createIngestTestApp, KEYS } from "./testing/ingest-test-app.js";

type TestApp = Awaited<ReturnType<typeof createIngestTestApp>>;
let current: TestApp | undefined;
afterEach(async () => {
  await current?.close();
  current = undefined;
});

async function post(app: TestApp["app"], key: string, environment: string | undefined, url = "/api/v1/events") {
  const query = environment === undefined ? "" : `?environment=${encodeURIComponent(environment)}`;
  return app.inject({
    method: "POST",
    url: `${url}${query}`,
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    payload: JSON.stringify(url === "/api/v1/events" ? [sampleEvent("e1")] : { resourceSpans: [] }),
  });
}

describe("the environment events are stored under", () => {
  it.each([
    ["no-such-env", "no-such-env"],
    ["../../etc", "../../etc"],
    ["PRODUCTION", "PRODUCTION"],
    ["5,000 × x", "x".repeat(5000)],
  ])("D16: an admin token cannot ingest into %s, which does not exist", async (_label, environment) => {
    current = await createIngestTestApp();
    for (const url of ["/api/v1/events", "/v1/traces", "/v1/logs"]) {
      const response = await post(current.app, KEYS.admin, environment, url);
      expect(response.statusCode).toBe(404);
      expect(response.json().error).toMatchObject({
        code: "NOT_FOUND",
        message: expect.stringContaining("known: production, staging"),
        details: [{ path: "environment", message: expect.stringMatching(/production, staging/) }],
      });
    }
    expect((await current.events.stats()).events).toBe(0);
  });

  it("D16: an admin token ingests into an environment that exists", async () => {
    current = await createIngestTestApp();
    expect((await post(current.app, KEYS.admin, "staging")).statusCode).toBe(200);
    expect((await current.events.stats()).eventsByEnvironment).toEqual({ staging: 1 });
  });

  it("D16: an SDK key ingests into its own environment only, whatever ?environment= says", async () => {
    current = await createIngestTestApp();
    for (const key of [KEYS.server, KEYS.client]) {
      const other = await post(current.app, key, "staging");
      expect(other.statusCode).toBe(400);
      expect(other.json().error).toMatchObject({
        code: "BAD_REQUEST",
        message: expect.stringMatching(/belongs to environment "production"/),
        details: [{ path: "environment" }],
      });
      expect((await post(current.app, key, "production")).statusCode).toBe(200);
      expect((await post(current.app, key, undefined)).statusCode).toBe(200);
    }
    expect((await current.events.stats()).eventsByEnvironment).toEqual({ production: 4 });
  });
});
