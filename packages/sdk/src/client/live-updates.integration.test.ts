import { createServer, type IncomingMessage, request, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { TokenAuthenticator } from "@switchboard/server";
import type { FastifyInstance } from "fastify";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { composeApp } from "../../../server/src/compose-features.js";
import { createTestApp, TEST_CONFIG, type TestApp } from "../../../server/src/http/testing/create-test-app.js";
import type { ClientEvents, OverridableClient } from "./client-types.js";
import { createClient } from "./create-client.js";

let t: TestApp;
let app: FastifyInstance;
let base: string;
const clients: OverridableClient[] = [];
const servers: Server[] = [];

const fastReconnect = { initialDelayMs: 50, maxDelayMs: 200 };

beforeEach(async () => {
  t = await createTestApp();
  app = t.app;
  base = await app.listen({ host: "127.0.0.1", port: 0 });
});
afterEach(async () => {
  for (const client of clients.splice(0)) await client.close();
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((done) => server.close(done));
  }
  await app.close();
});

async function control(method: string, path: string, body?: unknown): Promise<void> {
  const response = await fetch(`${base}/api/v1${path}`, {
    method,
    headers: {
      authorization: `Bearer ${t.secrets.admin}`,
      "content-type": "application/json",
      "x-change-reason": "sdk test",
    },
    body: JSON.stringify(body ?? { reason: "sdk test" }),
  });
  expect(response.status, await response.text()).toBeLessThan(300);
}

const createFlag = (key: string) =>
  control("POST", "/flags", {
    key,
    type: "boolean",
    defaultVariation: "off",
    environments: { production: { rules: [{ id: "everyone", kind: "force", serve: "on" }] } },
  });
const kill = (key: string) => control("POST", `/flags/${key}/environments/production/kill`);
const enable = (key: string) => control("POST", `/flags/${key}/environments/production/enable`);

function open(options: Parameters<typeof createClient>[0] = {}): { client: OverridableClient; logs: string[] } {
  const logs: string[] = [];
  const client = createClient({
    url: base,
    sdkKey: t.secrets.serverSdk,
    reconnect: fastReconnect,
    logger: (line) => logs.push(line),
    ...options,
  });
  clients.push(client);
  return { client, logs };
}

function nextChange(client: OverridableClient, key: string, timeoutMs = 5_000): Promise<ClientEvents["change"]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no change of ${key} within ${timeoutMs} ms`)), timeoutMs);
    const off = client.on("change", (change) => {
      if (!change.keys.includes(key)) return;
      clearTimeout(timer);
      off();
      resolve(change);
    });
  });
}

async function until(condition: () => boolean, timeoutMs: number): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((done) => setTimeout(done, 10));
  }
}

describe("a client on the real server", () => {
  it("is ready from the server and evaluates its flags", async () => {
    await createFlag("new-checkout");
    const { client } = open();
    expect(await client.ready({ timeoutMs: 5_000 })).toEqual({ source: "server", timedOut: false });
    expect(client.isOn("new-checkout", { id: "u1" })).toBe(true);
    expect(client.variation("new-checkout")).toMatchObject({ value: true, variation: "on", ruleId: "everyone" });
  });

  it("receives a change made through the control API in under a second, as a change event with the new value", async () => {
    await createFlag("new-checkout");
    const { client } = open();
    await client.ready();
    const changed = nextChange(client, "new-checkout");
    const startedMs = performance.now();
    await kill("new-checkout");
    expect((await changed).keys).toEqual(["new-checkout"]);
    expect(performance.now() - startedMs).toBeLessThan(1_000);
    expect(client.isOn("new-checkout")).toBe(false);
    expect(client.variation("new-checkout").reason).toBe("DISABLED");
  });

  it("keeps serving through a server restart on the same port, then catches up with changes made meanwhile", async () => {
    await createFlag("new-checkout");
    const { client } = open();
    await client.ready();
    const port = Number(new URL(base).port);
    await app.close();
    await t.store.createDocument("flag", "while-down", flagBody(), { actor: "test", action: "flag.create" });
    await new Promise((done) => setTimeout(done, 300));
    expect(client.isOn("new-checkout")).toBe(true);
    expect(client.isOn("while-down")).toBe(false);

    app = composeApp({
      config: TEST_CONFIG,
      store: t.store,
      auth: new TokenAuthenticator(t.store, t.clock),
      clock: t.clock,
    });
    await app.listen({ host: "127.0.0.1", port });
    await until(() => client.isOn("while-down"), 5_000);
    const changed = nextChange(client, "new-checkout");
    await kill("new-checkout");
    await changed;
    expect(client.isOn("new-checkout")).toBe(false);
    expect(client.source).toBe("server");
  });

  it("evaluates synchronously and at full speed while the server is slow to answer", async () => {
    await createFlag("new-checkout");
    const proxy = await slowProxy(new URL(base), 1_500);
    const bootstrap = { features: { "new-checkout": { defaultValue: false } } };
    const { client } = open({ url: proxy.url, bootstrap });
    await until(() => proxy.pending > 0, 2_000);
    const startedMs = performance.now();
    let on = 0;
    for (let i = 0; i < 10_000; i++) if (client.isOn("new-checkout", { id: `u${i}` })) on++;
    const elapsedMs = performance.now() - startedMs;
    expect(on).toBe(0);
    expect(elapsedMs).toBeLessThan(200);
    expect(proxy.pending).toBeGreaterThan(0);
    await until(() => client.isOn("new-checkout"), 5_000);
    expect(client.source).toBe("server");
  });

  it("catches up through polling when streaming is off", async () => {
    await createFlag("new-checkout");
    const { client } = open({ updates: "poll", pollIntervalMs: 100 });
    await client.ready();
    await kill("new-checkout");
    await until(() => !client.isOn("new-checkout"), 2_000);
    await enable("new-checkout");
    await until(() => client.isOn("new-checkout"), 2_000);
  });
});

function flagBody() {
  return {
    type: "boolean",
    defaultVariation: "off",
    environments: { production: { rules: [{ id: "everyone", kind: "force", serve: "on" }] } },
  };
}

/** A proxy in front of the app that holds every request `delayMs` before forwarding it. */
async function slowProxy(target: URL, delayMs: number): Promise<{ url: string; readonly pending: number }> {
  const state = { pending: 0 };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    state.pending++;
    setTimeout(() => {
      state.pending--;
      const upstream = request(
        { host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on("error", () => res.destroy());
      res.on("close", () => upstream.destroy());
      req.pipe(upstream);
    }, delayMs);
  });
  servers.push(server);
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get pending() {
      return state.pending;
    },
  };
}
