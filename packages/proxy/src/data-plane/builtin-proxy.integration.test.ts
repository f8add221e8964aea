import { connect } from "node:net";
import { Agent, request } from "undici";
import { afterEach, describe, expect, it } from "vitest";
import { signPreviewToken } from "../model/preview-token.js";
import type { RoutingState } from "../model/traffic-model.js";
import { BuiltinProxy } from "./builtin-proxy.js";
import { allTo, serviceOf, startTestBackend } from "./testing/test-backend.js";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setUp(options: ConstructorParameters<typeof BuiltinProxy>[0] = {}) {
  const a = await startTestBackend("A");
  const b = await startTestBackend("B");
  const proxy = new BuiltinProxy(options);
  const service = serviceOf({ a: [a], b: [b] });
  proxy.apply(service, allTo("a"));
  const { port } = await proxy.listen(0);
  const agent = new Agent({ connections: 64 });
  cleanups.push(
    () => a.close(),
    () => b.close(),
    () => proxy.close(),
    () => agent.close(),
  );
  const origin = `http://127.0.0.1:${port}`;
  const get = async (path = "/", headers: Record<string, string> = {}) => {
    const response = await request(`${origin}${path}`, { headers, dispatcher: agent });
    return { status: response.statusCode, headers: response.headers, body: await response.body.text() };
  };
  return { a, b, proxy, service, origin, port, get, agent };
}

/** Sends raw bytes and resolves with everything the proxy answers until it closes the connection. */
function rawExchange(port: number, bytes: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1", () => socket.write(bytes));
    let received = "";
    socket.on("data", (chunk: Buffer) => {
      received += chunk.toString("latin1");
    });
    socket.once("error", reject);
    socket.once("close", () => resolve(received));
  });
}

const split = (percentB: number, sticky: RoutingState["sticky"]): RoutingState => ({
  target: {
    kind: "split",
    weights: [
      { pool: "a", percent: 100 - percentB },
      { pool: "b", percent: percentB },
    ],
  },
  sticky,
  overrides: [],
});

describe("the built-in proxy", () => {
  it("sends every request to the pool the routing state names, and switches with the next request", async () => {
    const { proxy, service, get } = await setUp();
    expect((await get()).body).toBe("A");
    proxy.apply(service, allTo("b"));
    expect((await get()).body).toBe("B");
    proxy.apply(service, allTo("a"));
    expect((await get()).body).toBe("A");
  });

  it("sends 10% ± 1% of 1,000 sticky units to B, each unit always to the same pool", async () => {
    const { proxy, service, get } = await setUp();
    proxy.apply(service, split(10, { source: "header", name: "x-user" }));
    let onB = 0;
    for (let user = 0; user < 1000; user++) {
      const first = (await get("/", { "x-user": `user-${user}` })).body;
      const second = (await get("/", { "x-user": `user-${user}` })).body;
      expect(second).toBe(first);
      if (first === "B") onB++;
    }
    expect(onB).toBeGreaterThanOrEqual(90);
    expect(onB).toBeLessThanOrEqual(110);
  });

  it("keeps a unit on B while the canary ramps from 10% to 50%", async () => {
    const { proxy, service, get } = await setUp();
    const sticky = { source: "header", name: "x-user" } as const;
    proxy.apply(service, split(10, sticky));
    const onB: string[] = [];
    for (let user = 0; user < 300; user++) {
      if ((await get("/", { "x-user": `u${user}` })).body === "B") onB.push(`u${user}`);
    }
    proxy.apply(service, split(50, sticky));
    for (const user of onB) expect((await get("/", { "x-user": user })).body).toBe("B");
  });

  it("gives a unit without the sticky cookie a fresh id and routes the cookie's owner consistently", async () => {
    const { proxy, service, get } = await setUp();
    proxy.apply(service, split(50, { source: "cookie", name: "sb_unit" }));
    const first = await get();
    const setCookie = String(first.headers["set-cookie"]);
    expect(setCookie).toMatch(/^sb_unit=[0-9a-f-]{36}; Path=\//);
    const cookie = setCookie.split(";")[0] ?? "";
    for (let i = 0; i < 20; i++) {
      const next = await get("/", { cookie: `theme=dark; ${cookie}` });
      expect(next.body).toBe(first.body);
      expect(next.headers["set-cookie"]).toBeUndefined();
    }
  });

  it("honours header overrides and signed preview tokens before the target", async () => {
    const { proxy, service, get } = await setUp();
    proxy.apply(service, { ...allTo("a"), overrides: [{ header: "X-Pool", value: "canary", pool: "b" }] });
    expect((await get("/", { "x-pool": "canary" })).body).toBe("B");
    expect((await get("/", { "x-pool": "other" })).body).toBe("A");
    const token = signPreviewToken(service.preview.secret, service, "b", Math.floor(Date.now() / 1000) + 60);
    expect((await get("/", { "x-switchboard-preview": token })).body).toBe("B");
    const forged = `${token.slice(0, -1)}${token.endsWith("0") ? "1" : "0"}`;
    expect((await get("/", { "x-switchboard-preview": forged })).body).toBe("A");
  });

  it("adds X-Forwarded-For, -Proto and -Host and drops hop-by-hop headers", async () => {
    const { port } = await setUp();
    const answer = await rawExchange(
      port,
      "GET /headers HTTP/1.1\r\nHost: 127.0.0.1:" +
        port +
        "\r\nX-Forwarded-For: 10.0.0.1\r\nKeep-Alive: timeout=5\r\nConnection: close, X-Secret\r\n" +
        "X-Secret: hop\r\nX-Custom: kept\r\n\r\n",
    );
    const echoed = JSON.parse(answer.slice(answer.indexOf("\r\n\r\n") + 4)) as Record<string, string>;
    expect(echoed["x-forwarded-for"]).toBe("10.0.0.1, 127.0.0.1");
    expect(echoed["x-forwarded-proto"]).toBe("http");
    expect(echoed["x-forwarded-host"]).toBe(`127.0.0.1:${port}`);
    expect(echoed["x-custom"]).toBe("kept");
    expect(echoed["keep-alive"]).toBeUndefined();
    expect(echoed["x-secret"]).toBeUndefined();
  });

  it("answers 504 when a backend sends no headers in time", async () => {
    const { proxy, get } = await setUp({ headersTimeoutMs: 200 });
    expect((await get("/hang")).status).toBe(504);
    expect(proxy.status().pools.find((pool) => pool.pool === "a")?.errorsTotal).toBe(1);
  });

  it("retries a refused request on the other pool, and answers 502 when no backend accepts", async () => {
    const { proxy, service, get, a, b } = await setUp();
    await b.close();
    proxy.apply(service, allTo("b"));
    expect((await get()).body).toBe("A");
    await a.close();
    expect((await get()).status).toBe(502);
  });
});
