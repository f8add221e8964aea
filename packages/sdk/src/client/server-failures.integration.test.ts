import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import type { ClientEvents, ClientOptions, OverridableClient } from "./client-types.js";
import { createClient } from "./create-client.js";

const clients: OverridableClient[] = [];
const servers: Server[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) await client.close();
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((done) => server.close(done));
  }
});

const good = { features: { banner: { defaultValue: "blue" }, checkout: { defaultValue: true } } };

async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function open(options: ClientOptions) {
  const logs: string[] = [];
  const errors: ClientEvents["error"][] = [];
  const client = createClient({
    logger: (line) => logs.push(line),
    reconnect: { initialDelayMs: 20, maxDelayMs: 50 },
    ...options,
  });
  client.on("error", (error) => errors.push(error));
  clients.push(client);
  return { client, logs, errors };
}

async function until(condition: () => boolean, timeoutMs = 3_000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((done) => setTimeout(done, 10));
  }
}

describe("a client facing a misbehaving server", () => {
  it("rejects a malformed payload and a malformed patch from the stream and keeps the last good payload", async () => {
    let connections = 0;
    const url = await serve((req, res) => {
      if (req.url !== "/api/v1/sdk/stream") return void res.writeHead(404).end();
      connections++;
      res.writeHead(200, { "content-type": "text/event-stream" });
      if (connections === 1) res.write(`event: payload\nid: 1\ndata: ${JSON.stringify(good)}\n\n`);
      res.write("event: payload\nid: 2\ndata: {not json\n\n");
      res.write(`event: patch\nid: 3\ndata: ${JSON.stringify({ features: { checkout: { rules: "garbage" } } })}\n\n`);
    });
    const { client, errors, logs } = open({ url });
    expect(await client.ready({ timeoutMs: 3_000 })).toEqual({ source: "server", timedOut: false });
    await until(() => errors.length >= 2 && connections >= 2);
    expect(client.value("banner", "none")).toBe("blue");
    expect(client.isOn("checkout")).toBe(true);
    expect(errors.map((error) => error.message).join("\n")).toMatch(/payload rejected/);
    expect(logs.some((line) => line.includes("rejected"))).toBe(true);
  });

  it("resumes from the last accepted event id after a rejected event", async () => {
    const seen: (string | undefined)[] = [];
    const url = await serve((req, res) => {
      seen.push(req.headers["last-event-id"] as string | undefined);
      res.writeHead(200, { "content-type": "text/event-stream" });
      if (seen.length === 1)
        res.write(`event: payload\nid: 7\ndata: ${JSON.stringify(good)}\n\nevent: patch\nid: 8\ndata: []\n\n`);
    });
    const { client } = open({ url });
    await client.ready();
    await until(() => seen.length >= 2);
    expect(seen.slice(0, 2)).toEqual([undefined, "7"]);
  });

  it("rejects a malformed polled payload and keeps the last good one", async () => {
    let polls = 0;
    const url = await serve((_req, res) => {
      polls++;
      res.writeHead(200, { "content-type": "application/json", etag: `"v${polls}"` });
      res.end(
        polls === 1 ? JSON.stringify(good) : JSON.stringify({ features: { banner: { rules: [{ coverage: "x" }] } } }),
      );
    });
    const { client, errors } = open({ url, updates: "poll", pollIntervalMs: 100 });
    expect((await client.ready()).source).toBe("server");
    await until(() => polls >= 3 && errors.length >= 2);
    expect(client.value("banner", "none")).toBe("blue");
  });

  it("times out ready() on an unreachable server: defaults, timedOut, a warning, nothing thrown", async () => {
    const url = await serve(() => undefined);
    servers.pop()?.close();
    const { client, logs } = open({ url });
    const state = await client.ready({ timeoutMs: 200 });
    expect(state).toEqual({ source: "none", timedOut: true });
    expect(client.isOn("checkout")).toBe(false);
    expect(client.value("banner", "fallback")).toBe("fallback");
    expect(client.variation("banner")).toMatchObject({ value: null, reason: "ERROR", errorCode: "FLAG_NOT_FOUND" });
    expect(logs.some((line) => line.includes("no payload within 200 ms"))).toBe(true);
  });

  it("falls back to polling when the stream keeps failing and still gets the payload", async () => {
    const url = await serve((req, res) => {
      if (req.url === "/api/v1/sdk/stream") return void res.writeHead(502).end();
      res.writeHead(200, { "content-type": "application/json", etag: '"a"' });
      res.end(JSON.stringify(good));
    });
    const { client, logs } = open({ url, pollIntervalMs: 100 });
    expect((await client.ready({ timeoutMs: 3_000 })).source).toBe("server");
    expect(logs.some((line) => line.includes("polling"))).toBe(true);
  });
});
