import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createEventsClient } from "../events/index.js";
import { FilePayloadCache } from "./file-payload-cache.js";
import { nodeHttpPoster } from "./http-poster.js";
import { createClient, currentContext, runWithContext } from "./index.js";

const payload = {
  features: {
    "new-checkout": { defaultValue: false, rules: [{ id: "jp", condition: { country: "jp" }, force: true }] },
  },
};
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "sb-sdk-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("FilePayloadCache", () => {
  it("reads nothing from a missing file and reads back what it wrote, leaving no temporary files", async () => {
    const cache = new FilePayloadCache(join(dir, "nested", "cache.json"));
    expect(await cache.read()).toBeUndefined();
    await cache.write({ features: {} });
    await cache.write(payload);
    expect(await cache.read()).toEqual(payload);
    expect(await readdir(join(dir, "nested"))).toEqual(["cache.json"]);
  });

  it("rejects a corrupt file instead of loading half a payload", async () => {
    const path = join(dir, "cache.json");
    await writeFile(path, '{"features": {"a": ');
    await expect(new FilePayloadCache(path).read()).rejects.toThrow(/JSON/);
  });
});

describe("createClient for Node", () => {
  it("sends event batches over node:http, unless a fetch was given (which then carries them)", async () => {
    const bodies: string[] = [];
    const server = createServer((req, res) => {
      let body = "";
      req.on("data", (chunk: Buffer) => {
        body += chunk.toString();
      });
      req.on("end", () => {
        bodies.push(`${req.headers["authorization"]} ${body.trim()}`);
        res.writeHead(202).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const client = createClient({ bootstrap: JSON.stringify(payload), updates: "none" });
    expect(client.options.postEvents).toBe(nodeHttpPoster);
    const events = createEventsClient(client, { url, sdkKey: "sb_server_k" });
    events.startEvent({ id: "u1" }, { name: "job" }).end();
    await events.close();
    expect(bodies).toHaveLength(1);
    expect(bodies[0]).toMatch(/^Bearer sb_server_k \{"type":"event",.*"name":"job"/);
    let fetched = 0;
    const viaFetch = createClient({
      bootstrap: JSON.stringify(payload),
      updates: "none",
      fetch: (input, init) => {
        fetched++;
        return fetch(input, init);
      },
    });
    expect(viaFetch.options.postEvents).toBeUndefined();
    const fetchedEvents = createEventsClient(viaFetch, { url, sdkKey: "sb_server_k" });
    fetchedEvents.startEvent({ id: "u1" }).end();
    await fetchedEvents.close();
    expect(fetched).toBe(1);
    expect(bodies).toHaveLength(2);
    server.close();
  });

  it("bootstraps from a file path", async () => {
    const path = join(dir, "flags.json");
    await writeFile(path, JSON.stringify(payload));
    const client = createClient({ bootstrap: path });
    expect(await client.ready()).toEqual({ source: "bootstrap", timedOut: false });
    expect(client.isOn("new-checkout", { country: "jp" })).toBe(true);
  });

  it("reports a missing bootstrap file instead of throwing", async () => {
    const errors: string[] = [];
    const client = createClient({ bootstrap: join(dir, "missing.json"), logger: (line) => errors.push(line) });
    expect(await client.ready()).toEqual({ source: "none", timedOut: false });
    expect(errors.join()).toMatch(/bootstrap ignored/);
  });

  it("evaluates with the context of the surrounding runWithContext call when none is given", async () => {
    const client = createClient({ bootstrap: payload });
    expect(currentContext()).toBeUndefined();
    const seen = await runWithContext({ country: "jp" }, async () => {
      await new Promise((done) => setTimeout(done, 1));
      return [client.isOn("new-checkout"), client.isOn("new-checkout", { country: "us" }), currentContext()];
    });
    expect(seen).toEqual([true, false, { country: "jp" }]);
    expect(client.isOn("new-checkout")).toBe(false);
  });

  it("keeps the server's payload in the file cache and starts from it when the server is gone", async () => {
    const server = createServer((_req, res) => {
      res.writeHead(200, { "content-type": "application/json", etag: '"1"' });
      res.end(JSON.stringify(payload));
    });
    await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const path = join(dir, "cache.json");
    const first = createClient({ url, updates: "poll", cache: path });
    expect(await first.ready()).toEqual({ source: "server", timedOut: false });
    await first.close();
    server.closeAllConnections();
    await new Promise((done) => server.close(done));
    expect(JSON.parse(await readFile(path, "utf8"))).toEqual(payload);

    const second = createClient({ url, cache: path, logger: () => undefined, reconnect: { initialDelayMs: 10_000 } });
    expect(await second.ready({ timeoutMs: 2_000 })).toEqual({ source: "cache", timedOut: false });
    expect(second.isOn("new-checkout", { country: "jp" })).toBe(true);
    await second.close();
  });
});
