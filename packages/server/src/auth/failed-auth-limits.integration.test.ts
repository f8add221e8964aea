import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDbEventStore } from "@switchboard/events/duckdb";
import type { FastifyInstance, InjectOptions } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { composeApp } from "../compose-features.js";
import { issueToken } from "../control-plane/tokens/token-service.js";
import { ManualClock, TEST_CONFIG } from "../http/testing/create-test-app.js";
import type { ConfigStore } from "../store/config-store.js";
import { openConfigStore } from "../store/open-config-store.js";
import { TokenAuthenticator } from "./token-authenticator.js";

const system = { actor: "system", role: "admin" as const, reason: null };
const GLOBAL_FAILURE_BUDGET = 200;
const FAILURE_DELAY_MS = 40;
/** A guess with its own random prefix, so only the address limit and the global budget apply to it. */
const guess = (kind: string) => `${kind}${randomBytes(24).toString("base64url")}`;

let dataDir: string;
let store: ConfigStore;
let events: DuckDbEventStore;
let auth: TokenAuthenticator;
const secrets: Record<"admin" | "server", string> = { admin: "", server: "" };

async function appWith(trustProxy?: boolean): Promise<FastifyInstance> {
  const config = { ...TEST_CONFIG, ...(trustProxy === undefined ? {} : { trustProxy }) };
  const app = composeApp({ config, store, auth, clock: new ManualClock(), events });
  await app.ready();
  return app;
}

function as(secret: string, address: string, options: InjectOptions): InjectOptions {
  return { ...options, remoteAddress: address, headers: { ...options.headers, authorization: `Bearer ${secret}` } };
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "sb-auth-limits-"));
  store = await openConfigStore({ dataDir });
  for (const name of ["production", "staging"]) {
    await store.createDocument("environment", name, {}, { actor: "system", action: "environment.create" });
  }
  const issue = async (kind: "admin" | "server-sdk") =>
    (
      await issueToken(
        store,
        {
          kind,
          name: kind,
          role: kind === "admin" ? "admin" : null,
          environment: kind === "admin" ? null : "production",
        },
        system,
      )
    ).secret;
  secrets.admin = await issue("admin");
  secrets.server = await issue("server-sdk");
  events = await DuckDbEventStore.open({ path: ":memory:", threads: 1 });
}, 120_000);

afterAll(async () => {
  await events.close();
  await store.close();
  await rm(dataDir, { recursive: true, force: true });
}, 60_000);

describe("failed authentication limits", { timeout: 120_000 }, () => {
  it("D2: 100 bad tokens from one address never lock out a valid token from that address (control API, ingest, SDK payload)", async () => {
    auth = new TokenAuthenticator(store, new ManualClock(), { failureDelayMs: 1 });
    const app = await appWith();
    const statuses: number[] = [];
    for (let i = 0; i < 100; i++) {
      const secret = guess("sb_pat_");
      statuses.push((await app.inject(as(secret, "10.0.0.1", { method: "GET", url: "/api/v1/flags" }))).statusCode);
    }
    expect(new Set(statuses)).toEqual(new Set([401, 429]));
    const flags = await app.inject(as(secrets.admin, "10.0.0.1", { method: "GET", url: "/api/v1/flags" }));
    expect(flags.statusCode).toBe(200);
    const ingest = await app.inject(
      as(secrets.server, "10.0.0.1", {
        method: "POST",
        url: "/api/v1/events",
        payload: [{ type: "event", id: "d2-1", ts: new Date().toISOString(), name: "checkout" }],
      }),
    );
    expect(ingest.statusCode).toBe(200);
    // A config change must not make the SDK key authenticate again from a limited address and be refused.
    const created = await app.inject(
      as(secrets.admin, "10.0.0.1", {
        method: "POST",
        url: "/api/v1/flags",
        payload: { key: "d2-flag", type: "boolean", defaultVariation: "off", description: "d2", owner: "auth" },
      }),
    );
    expect(created.statusCode).toBe(201);
    const payload = await app.inject(as(secrets.server, "10.0.0.1", { method: "GET", url: "/api/v1/sdk/payload" }));
    expect(payload.statusCode).toBe(200);
    const guessAgain = await app.inject(as(guess("sb_pat_"), "10.0.0.1", { method: "GET", url: "/api/v1/flags" }));
    expect(guessAgain.statusCode).toBe(429);
    expect(guessAgain.json()).toMatchObject({ error: { code: "RATE_LIMITED" } });
    await app.close();
  });

  it("D2: many addresses guessing are slowed once the global failure budget is spent, and the metrics show it", async () => {
    auth = new TokenAuthenticator(store, new ManualClock(), {
      globalFailureBudget: GLOBAL_FAILURE_BUDGET,
      failureDelayMs: FAILURE_DELAY_MS,
    });
    const app = await appWith();
    const guessFrom = (i: number) =>
      app.inject(as(guess("sb_srv_"), `10.1.${i % 50}.1`, { method: "GET", url: "/api/v1/sdk/payload" }));
    const started = performance.now();
    for (let i = 0; i < GLOBAL_FAILURE_BUDGET; i++) await guessFrom(i);
    const withinBudgetMs = performance.now() - started;
    const beyond = performance.now();
    for (let i = GLOBAL_FAILURE_BUDGET; i < GLOBAL_FAILURE_BUDGET + 10; i++) await guessFrom(i);
    const beyondBudgetMs = performance.now() - beyond;
    expect(beyondBudgetMs).toBeGreaterThanOrEqual(10 * FAILURE_DELAY_MS * 0.9);
    expect(withinBudgetMs / GLOBAL_FAILURE_BUDGET).toBeLessThan(FAILURE_DELAY_MS);
    const valid = performance.now();
    expect((await app.inject(as(secrets.admin, "10.1.0.1", { method: "GET", url: "/api/v1/flags" }))).statusCode).toBe(
      200,
    );
    expect(performance.now() - valid).toBeLessThan(FAILURE_DELAY_MS);
    const metrics = await app.inject({ method: "GET", url: "/metrics" });
    expect(metrics.statusCode).toBe(200);
    expect(metrics.body).toMatch(/switchboard_auth_failures_window_total 210\b/);
    expect(metrics.body).toMatch(/switchboard_auth_failures_delayed_total [1-9]/);
    await app.close();
  });

  it("D2: X-Forwarded-For names the client only behind a trusted proxy", async () => {
    auth = new TokenAuthenticator(store, new ManualClock(), { failureDelayMs: 1 });
    for (const trustProxy of [false, true]) {
      const app = await appWith(trustProxy);
      const from = (forwarded: string) =>
        app.inject(
          as(guess("sb_pat_"), "127.0.0.1", {
            method: "GET",
            url: "/api/v1/flags",
            headers: { "x-forwarded-for": forwarded },
          }),
        );
      for (let i = 0; i < 25; i++) await from(`192.0.2.${trustProxy ? 1 : 2}`);
      const other = await from(`192.0.2.${trustProxy ? 3 : 4}`);
      expect(other.statusCode).toBe(trustProxy ? 401 : 429);
      await app.close();
    }
  });
});
