import type { FastifyInstance } from "fastify";
import { afterEach, describe, expect, it } from "vitest";
import type { FakeConfigStore } from "../store/fake-config-store.js";
import { createSdkTestApp, KEYS, setEnabled, testConfig } from "./testing/sdk-test-support.js";
import { SseTestClient } from "./testing/sse-test-client.js";

let app: FastifyInstance;
let store: FakeConfigStore;
let base: string;
const clients: SseTestClient[] = [];

async function start(heartbeatSeconds = 15): Promise<void> {
  ({ app, store } = await createSdkTestApp(testConfig({ heartbeatSeconds })));
  base = await app.listen({ host: "127.0.0.1", port: 0 });
}

async function open(key: string, headers: Record<string, string> = {}): Promise<SseTestClient> {
  const client = await SseTestClient.open(`${base}/api/v1/sdk/stream`, { authorization: `Bearer ${key}`, ...headers });
  clients.push(client);
  return client;
}

afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await app.close();
});

describe("GET /api/v1/sdk/stream", () => {
  it("starts with a retry hint and the full payload, its id the current change seq", async () => {
    await start();
    const latest = await store.latestSeq();
    const client = await open(KEYS.server);
    expect(client.response.headers["content-type"]).toContain("text/event-stream");
    const [retry, first] = await client.waitFor(2);
    expect(retry?.retry).toBe(2000);
    expect(first?.event).toBe("payload");
    expect(first?.id).toBe(String(latest));
    expect(Object.keys(JSON.parse(first?.data ?? "{}").features)).toContain("search-limit");
  });

  it("sends a patch with the changed flag on every commit affecting the environment", async () => {
    await start();
    const client = await open(KEYS.server);
    await client.waitFor(2);
    const seq = await setEnabled(store, "new-checkout", false);
    const events = await client.waitFor(3);
    const patch = events[2];
    expect(patch?.event).toBe("patch");
    expect(patch?.id).toBe(String(seq));
    const features = JSON.parse(patch?.data ?? "{}").features;
    expect(Object.keys(features)).toEqual(["new-checkout"]);
    expect(features["new-checkout"].disabled).toBe(true);
  });

  it("sends nothing to an environment a change does not affect", async () => {
    await start();
    const staging = await open(KEYS.staging);
    const production = await open(KEYS.server);
    await staging.waitFor(2);
    await production.waitFor(2);
    await setEnabled(store, "new-checkout", false);
    await production.waitFor(3);
    expect(staging.events).toHaveLength(2);
  });

  it("sends null for an archived flag and hides non-client-visible flags from client streams", async () => {
    await start();
    const client = await open(KEYS.client);
    const server = await open(KEYS.server);
    await client.waitFor(2);
    await server.waitFor(2);
    expect(client.events[1]?.data).not.toContain("search-limit");
    const current = await store.getDocument("flag", "search-limit");
    await store.replaceDocument(
      "flag",
      "search-limit",
      current?.version ?? 0,
      current?.body,
      {
        actor: "test",
        action: "flag.archive",
      },
      { archived: true },
    );
    const [, , patch] = await server.waitFor(3);
    expect(JSON.parse(patch?.data ?? "{}")).toEqual({ features: { "search-limit": null } });
    await setEnabled(store, "new-checkout", false);
    const events = await client.waitFor(3);
    expect(events.map((event) => event.data).join("")).not.toContain("search-limit");
  });

  it("resumes from Last-Event-ID with exactly what was missed, as one patch", async () => {
    await start();
    const first = await open(KEYS.server);
    const [, payload] = await first.waitFor(2);
    first.close();
    await setEnabled(store, "new-checkout", false);
    const last = await setEnabled(store, "beta-banner", false);
    const resumed = await open(KEYS.server, { "last-event-id": payload?.id ?? "" });
    const [, patch] = await resumed.waitFor(2);
    expect(patch?.event).toBe("patch");
    expect(patch?.id).toBe(String(last));
    expect(Object.keys(JSON.parse(patch?.data ?? "{}").features)).toEqual(["beta-banner", "new-checkout"]);
  });

  it("sends only the retry hint to a client that is up to date, and the full payload to one too far behind", async () => {
    await start();
    const latest = await store.latestSeq();
    const upToDate = await open(KEYS.server, { "last-event-id": String(latest) });
    await upToDate.waitFor(1);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(upToDate.events.map((event) => event.event)).toEqual(["message"]);
    const future = await open(KEYS.server, { "last-event-id": String(latest + 100) });
    const [, full] = await future.waitFor(2);
    expect(full?.event).toBe("payload");
  });

  it("sends the full payload when a segment changed since the last event", async () => {
    await start();
    const client = await open(KEYS.server);
    const [, payload] = await client.waitFor(2);
    client.close();
    const segment = await store.getDocument("segment", "beta-testers");
    await store.replaceDocument(
      "segment",
      "beta-testers",
      segment?.version ?? 0,
      {
        attribute: "id",
        ids: ["user-1001"],
      },
      { actor: "test", action: "segment.update" },
    );
    const resumed = await open(KEYS.server, { "last-event-id": payload?.id ?? "" });
    const [, full] = await resumed.waitFor(2);
    expect(full?.event).toBe("payload");
    expect(JSON.parse(full?.data ?? "{}").savedGroups).toEqual({ "beta-testers": ["user-1001"] });
  });

  it("sends heartbeat comments", async () => {
    await start(0.05);
    const client = await open(KEYS.server);
    const events = await client.waitFor(4);
    expect(events.slice(2).every((event) => event.event === "comment")).toBe(true);
  });

  it("ends every stream with a retry hint when the app closes", async () => {
    await start();
    const client = await open(KEYS.server);
    await client.waitFor(2);
    await app.close();
    const events = await client.waitFor(3);
    expect(events[2]?.retry).toBe(2000);
    expect(client.ended).toBe(true);
  });

  it("refuses a stream without a key before it starts", async () => {
    await start();
    const client = await SseTestClient.open(`${base}/api/v1/sdk/stream`, {});
    clients.push(client);
    expect(client.response.statusCode).toBe(401);
  });
});

describe("GET /api/v1/sdk/stream?sdkKey= (browsers' EventSource, which cannot send headers)", () => {
  it("streams the client payload to a client key in the query, readable from any origin, and resumes", async () => {
    await start();
    const client = await SseTestClient.open(`${base}/api/v1/sdk/stream?sdkKey=${KEYS.client}`, {});
    clients.push(client);
    expect(client.response.statusCode).toBe(200);
    expect(client.response.headers["access-control-allow-origin"]).toBe("*");
    const [, first] = await client.waitFor(2);
    expect(first?.event).toBe("payload");
    expect(first?.data).not.toContain("search-limit");
    const seq = await setEnabled(store, "new-checkout", false);
    const [, , patch] = await client.waitFor(3);
    expect(patch?.event).toBe("patch");
    // EventSource resumes with the Last-Event-ID header and the same URL: only what was missed comes back.
    const resumed = await SseTestClient.open(`${base}/api/v1/sdk/stream?sdkKey=${KEYS.client}`, {
      "last-event-id": String(seq),
    });
    clients.push(resumed);
    const [retry] = await resumed.waitFor(1);
    expect(retry?.retry).toBe(2000);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(resumed.events).toHaveLength(1);
  });

  it("refuses an unknown key with 401 and the server's sentence, before the stream starts", async () => {
    await start();
    const answer = await app.inject({ method: "GET", url: "/api/v1/sdk/stream?sdkKey=sb_client_unknown" });
    expect(answer.statusCode).toBe(401);
    expect(answer.json().error.code).toBe("UNAUTHENTICATED");
    expect(answer.json().error.message).toMatch(/unknown or revoked token/i);
  });

  it("refuses a server key or an admin token in the URL with 403 saying to use a client key", async () => {
    await start();
    for (const key of [KEYS.server, KEYS.admin]) {
      const answer = await app.inject({ method: "GET", url: `/api/v1/sdk/stream?sdkKey=${key}` });
      expect(answer.statusCode).toBe(403);
      expect(answer.json().error.message).toMatch(/client SDK key only/);
    }
  });

  it("refuses an empty or repeated sdkKey with 400", async () => {
    await start();
    for (const query of ["sdkKey=", `sdkKey=${KEYS.client}&sdkKey=${KEYS.client}`]) {
      const answer = await app.inject({ method: "GET", url: `/api/v1/sdk/stream?${query}` });
      expect(answer.statusCode).toBe(400);
      expect(answer.json().error.message).toMatch(/\?sdkKey=<key>/);
    }
  });

  it("takes the Authorization header over the query when both are sent", async () => {
    await start();
    const answer = await app.inject({
      method: "GET",
      url: `/api/v1/sdk/stream?sdkKey=${KEYS.client}`,
      headers: { authorization: "Bearer sb_server_unknown" },
    });
    expect(answer.statusCode).toBe(401);
  });
});

describe("GET /sub/:clientKey (GrowthBook-compatible stream)", () => {
  it("sends GrowthBook features events with CORS headers", async () => {
    await start();
    const client = await SseTestClient.open(`${base}/sub/${KEYS.client}`, {});
    clients.push(client);
    expect(client.response.headers["access-control-allow-origin"]).toBe("*");
    const [, first] = await client.waitFor(2);
    expect(first?.event).toBe("features");
    expect(JSON.parse(first?.data ?? "{}").status).toBe(200);
    await setEnabled(store, "new-checkout", false);
    const [, , next] = await client.waitFor(3);
    expect(next?.event).toBe("features");
    expect(JSON.parse(next?.data ?? "{}").features["new-checkout"].disabled).toBe(true);
  });
});
