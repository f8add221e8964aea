import type { SdkPayload } from "@switchboard/core";
import type { FastifyInstance } from "fastify";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../server/src/http/testing/create-test-app.js";
import type { ClientOptions, OverridableClient, PayloadCache } from "./client-types.js";
import { createClient } from "./create-client.js";

let t: TestApp;
let app: FastifyInstance;
let base: string;
const clients: OverridableClient[] = [];

beforeEach(async () => {
  t = await createTestApp();
  app = t.app;
  base = await app.listen({ host: "127.0.0.1", port: 0 });
});
afterEach(async () => {
  for (const client of clients.splice(0)) await client.close();
  await app.close();
});

function open(options: ClientOptions): { client: OverridableClient; logs: string[]; errors: string[] } {
  const logs: string[] = [];
  const errors: string[] = [];
  const client = createClient({
    url: base,
    reconnect: { initialDelayMs: 20, maxDelayMs: 40 },
    logger: (line) => logs.push(line),
    ...options,
  });
  client.on("error", ({ message }) => errors.push(message));
  clients.push(client);
  return { client, logs, errors };
}

async function until(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((done) => setTimeout(done, 10));
  }
}

/** A cache holding a payload written by an earlier run. */
function cacheWith(payload: SdkPayload): PayloadCache {
  return { read: async () => payload, write: async () => undefined };
}

async function issueServerKey(): Promise<{ id: string; secret: string }> {
  const response = await fetch(`${base}/api/v1/tokens`, {
    method: "POST",
    headers: { authorization: `Bearer ${t.secrets.admin}`, "content-type": "application/json" },
    body: JSON.stringify({ kind: "server-sdk", name: "checkout service", environment: "production" }),
  });
  const body = (await response.json()) as { token: { id: string }; secret: string };
  return { id: body.token.id, secret: body.secret };
}

describe("a client whose key the server refuses", () => {
  it("logs the server's sentence once, however often it retries, and reports it in status()", async () => {
    const { client, logs, errors } = open({ sdkKey: "sb_srv_not_a_key_anyone_issued" });
    await until(() => errors.length >= 6);
    const refusals = logs.filter((line) => line.includes("refuses"));
    expect(refusals).toHaveLength(1);
    expect(refusals[0]).toMatch(/401 UNAUTHENTICATED: .+; every flag serves its default until that is fixed/);
    const status = client.status();
    expect(status).toMatchObject({ state: "error", source: "none" });
    expect(status.lastError).toMatchObject({ status: 401, code: "UNAUTHENTICATED" });
    expect(status.lastError?.message).toMatch(/answered 401: \S+/);
    expect(status.lastUpdateAt).toBeUndefined();
  });

  it("says why an admin token used as the SDK key is refused", async () => {
    const { client, logs, errors } = open({ sdkKey: t.secrets.admin });
    await until(() => errors.length >= 3);
    expect(logs.filter((line) => line.includes("refuses"))).toEqual([
      expect.stringMatching(
        /400 BAD_REQUEST: An admin token must name the environment.*An SDK takes an SDK key instead/,
      ),
    ]);
    expect(client.status().lastError).toMatchObject({ status: 400, code: "BAD_REQUEST" });
  });

  it("serves the cache loudly when the key is revoked: ready() says cache, status() says stale, one warning names the reason", async () => {
    const { id, secret } = await issueServerKey();
    const revoked = await fetch(`${base}/api/v1/tokens/${id}`, {
      method: "DELETE",
      headers: { authorization: `Bearer ${t.secrets.admin}`, "x-change-reason": "test" },
    });
    expect(revoked.status).toBe(200);
    const cached: SdkPayload = { features: { "new-checkout": { defaultValue: true } } };
    const { client, logs, errors } = open({ sdkKey: secret, cache: cacheWith(cached) });
    expect(await client.ready({ timeoutMs: 2_000 })).toEqual({ source: "cache", timedOut: false });
    expect(client.isOn("new-checkout")).toBe(true);
    await until(() => errors.length >= 5);
    const warnings = logs.filter((line) => line.includes("refuses"));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain("This token has been revoked.");
    expect(warnings[0]).toContain("serving the cached payload, maybe stale until that is fixed");
    expect(client.status()).toMatchObject({
      state: "stale",
      source: "cache",
      lastError: { status: 401, code: "UNAUTHENTICATED" },
    });
  });

  it("is ready, from the server, with a recent lastUpdateAt once a valid key answers", async () => {
    const before = Date.now();
    const { client } = open({ sdkKey: t.secrets.serverSdk });
    expect(await client.ready({ timeoutMs: 3_000 })).toEqual({ source: "server", timedOut: false });
    await until(() => client.status().state === "ready");
    const status = client.status();
    expect(status).toMatchObject({ state: "ready", source: "server" });
    expect(status.lastError).toBeUndefined();
    expect(status.lastUpdateAt).toBeGreaterThanOrEqual(before);
    await client.close();
    expect(client.status().state).toBe("closed");
  });
});
