import { connect } from "node:net";
import { Agent, request } from "undici";
import { afterEach, describe, expect, it } from "vitest";
import { BuiltinProxy } from "./builtin-proxy.js";
import { allTo, serviceOf, startTestBackend } from "./testing/test-backend.js";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setUp(options: ConstructorParameters<typeof BuiltinProxy>[0] = {}) {
  const a = await startTestBackend("A");
  const a2 = await startTestBackend("A");
  const b = await startTestBackend("B");
  const proxy = new BuiltinProxy(options);
  const service = serviceOf({ a: [a, a2], b: [b] });
  proxy.apply(service, allTo("a"));
  const { port } = await proxy.listen(0);
  const agent = new Agent({ connections: 512 });
  cleanups.push(
    () => a.close(),
    () => a2.close(),
    () => b.close(),
    () => proxy.close(),
    () => agent.close(),
  );
  return { a, a2, b, proxy, service, port, origin: `http://127.0.0.1:${port}`, agent };
}

describe("the built-in proxy with long bodies, upgrades, health and load", () => {
  it("streams a 64 MiB response without holding it: a client that stops reading stops the backend too", async () => {
    const { a, a2, origin, agent } = await setUp();
    const response = await request(`${origin}/stream/1024`, { dispatcher: agent, highWaterMark: 65_536 });
    expect(response.headers["transfer-encoding"]).toBe("chunked");
    const finished = () => (a.hits.get("stream-finished") ?? 0) + (a2.hits.get("stream-finished") ?? 0);
    const reader = response.body[Symbol.asyncIterator]();
    let bytes = ((await reader.next()).value as Buffer).length;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(finished()).toBe(0);
    for (let next = await reader.next(); !next.done; next = await reader.next()) bytes += (next.value as Buffer).length;
    expect(bytes).toBe(1024 * 64 * 1024);
    expect(finished()).toBe(1);
  });

  it("streams a large chunked upload to the backend", async () => {
    const { origin, agent } = await setUp();
    async function* chunks() {
      for (let i = 0; i < 256; i++) yield Buffer.alloc(64 * 1024, 97);
    }
    const response = await request(`${origin}/upload`, { method: "POST", body: chunks(), dispatcher: agent });
    expect(await response.body.text()).toBe(`A:${256 * 64 * 1024}`);
  });

  it("tunnels a WebSocket-style upgrade and echoes bytes both ways", async () => {
    const { port } = await setUp();
    const received = await new Promise<string>((resolve, reject) => {
      const socket = connect(port, "127.0.0.1", () => {
        socket.write(
          "GET /ws HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: echo\r\nSec-WebSocket-Version: 13\r\n\r\n",
        );
      });
      let text = "";
      socket.on("data", (chunk: Buffer) => {
        text += chunk.toString();
        if (text.includes("\r\n\r\nA:") && !text.includes("ping")) socket.write("ping");
        if (text.endsWith("ping")) {
          socket.end();
          resolve(text);
        }
      });
      socket.once("error", reject);
    });
    expect(received.startsWith("HTTP/1.1 101 Switching Protocols")).toBe(true);
    expect(received.endsWith("A:ping")).toBe(true);
  });

  it("takes a dead backend out of rotation by its health checks, and every request still succeeds", async () => {
    const { a2, proxy, origin, agent } = await setUp({
      health: { intervalMs: 50, timeoutMs: 200, healthyAfter: 1, unhealthyAfter: 1 },
    });
    await a2.close();
    await new Promise((resolve) => setTimeout(resolve, 200));
    const pool = proxy.status().pools.find((p) => p.pool === "a");
    expect(pool?.backends.map((backend) => backend.state)).toEqual(["up", "down"]);
    for (let i = 0; i < 20; i++) {
      const response = await request(origin, { dispatcher: agent });
      expect(response.statusCode).toBe(200);
      expect(await response.body.text()).toBe("A");
    }
  });

  it("fails over to the other pool when no backend of the selected pool is healthy", async () => {
    const { a, a2, proxy, origin, agent } = await setUp({
      health: { intervalMs: 50, timeoutMs: 200, healthyAfter: 1, unhealthyAfter: 1 },
    });
    await Promise.all([a.close(), a2.close()]);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(proxy.status().pools.find((p) => p.pool === "a")?.healthy).toBe(false);
    const response = await request(origin, { dispatcher: agent });
    expect(await response.body.text()).toBe("B");
  });

  it("answers all of 600 concurrent requests with 200 across a switch, in-flight ones on the pool they started on", async () => {
    const { proxy, service, origin, agent } = await setUp();
    const send = async () => {
      const response = await request(`${origin}/delay/100`, { dispatcher: agent });
      return { status: response.statusCode, body: await response.body.text() };
    };
    const before = Array.from({ length: 300 }, send);
    const stats = proxy.routing.statsOf("a");
    for (let waited = 0; (stats?.inFlight ?? 0) < 50 && waited < 5_000; waited += 2) {
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    const inFlightOnA = stats?.inFlight ?? 0;
    proxy.apply(service, allTo("b"));
    const after = Array.from({ length: 300 }, send);
    const answers = await Promise.all([...before, ...after]);
    expect(answers.every((answer) => answer.status === 200)).toBe(true);
    expect(answers.slice(300).every((answer) => answer.body === "B")).toBe(true);
    expect(inFlightOnA).toBeGreaterThanOrEqual(50);
    expect(answers.slice(0, 300).filter((answer) => answer.body === "A").length).toBeGreaterThanOrEqual(inFlightOnA);
  });
});
