import { gzipSync } from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import { sampleEvent } from "../../../../events/src/store/event-store.contract.js";
import { createIngestTestApp, KEYS, ndjson } from "./testing/ingest-test-app.js";

type TestApp = Awaited<ReturnType<typeof createIngestTestApp>>;
let current: TestApp | undefined;
afterEach(async () => {
  await current?.close();
  current = undefined;
});

const INGEST_URLS = ["/api/v1/events", "/v1/traces", "/v1/logs"];
const ORIGIN = "https://shop.example";
// What the browser SDK's batch sender sets (packages/sdk/src/events/batch-sender.ts, encode-batch.ts).
const SDK_REQUEST_HEADERS = ["authorization", "content-type", "content-encoding", "idempotency-key"];

function postAs(app: TestApp["app"], key: string, url = "/api/v1/events", items: unknown[] = [sampleEvent("e1")]) {
  const otlp = url.startsWith("/v1/");
  return app.inject({
    method: "POST",
    url,
    headers: {
      origin: ORIGIN,
      authorization: `Bearer ${key}`,
      "content-type": otlp ? "application/json" : "application/x-ndjson",
      "content-encoding": "gzip",
      "idempotency-key": `b-${key}-${url}`,
    },
    payload: gzipSync(otlp ? JSON.stringify({ resourceSpans: [], resourceLogs: [] }) : ndjson(items)),
  });
}

describe("ingest from browsers on another origin", () => {
  it.each(INGEST_URLS)("D21: the preflight of %s allows what the browser SDK sends", async (url) => {
    current = await createIngestTestApp();
    const response = await current.app.inject({
      method: "OPTIONS",
      url,
      headers: {
        origin: ORIGIN,
        "access-control-request-method": "POST",
        "access-control-request-headers": SDK_REQUEST_HEADERS.join(","),
      },
    });
    expect(response.statusCode).toBe(204);
    expect(response.headers["access-control-allow-origin"]).toBe("*");
    expect(String(response.headers["access-control-allow-methods"]).split(/,\s*/)).toContain("POST");
    const allowed = String(response.headers["access-control-allow-headers"]).split(/,\s*/);
    for (const header of SDK_REQUEST_HEADERS) expect(allowed).toContain(header);
  });

  it.each(INGEST_URLS)("D21: %s answers a client key readably from any origin", async (url) => {
    current = await createIngestTestApp();
    const response = await postAs(current.app, KEYS.client, url);
    expect(response.statusCode).toBe(200);
    expect(response.headers["access-control-allow-origin"]).toBe("*");
    // The SDK reads Retry-After to pace its retries; browsers hide it unless exposed.
    expect(String(response.headers["access-control-expose-headers"]).toLowerCase()).toContain("retry-after");
  });

  it("D21: a client key's refusals are readable too, so the SDK can tell a bad batch from a network failure", async () => {
    current = await createIngestTestApp();
    const invalid = await postAs(current.app, KEYS.client, "/api/v1/events", [{ type: "event" }]);
    expect(invalid.statusCode).toBe(400);
    expect(invalid.headers["access-control-allow-origin"]).toBe("*");
    const wrongEnvironment = await postAs(current.app, KEYS.client, "/api/v1/events?environment=staging");
    expect(wrongEnvironment.statusCode).toBe(400);
    expect(wrongEnvironment.headers["access-control-allow-origin"]).toBe("*");
  });

  it.each([
    ["a server key", KEYS.server, "/api/v1/events"],
    ["an admin token", KEYS.admin, "/api/v1/events?environment=production"],
    ["an unknown key", "sb_client_unknown", "/api/v1/events"],
    ["a server key", KEYS.server, "/v1/traces"],
  ])("D21: the answer to %s (%s) on %s carries no CORS headers", async (_label, key, url) => {
    current = await createIngestTestApp();
    const response = await postAs(current.app, key, url);
    expect(response.headers["access-control-allow-origin"]).toBeUndefined();
    expect(response.headers["access-control-expose-headers"]).toBeUndefined();
  });
});
