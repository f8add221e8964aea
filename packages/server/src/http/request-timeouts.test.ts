import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_HTTP_CONFIG } from "../config/http-config.js";
import { createTestApp, type TestApp } from "./testing/create-test-app.js";
import { firstAnswer, openRawConnection, type RawConnection } from "./testing/raw-socket.js";

const REQUEST_TIMEOUT_MS = 600;

let t: TestApp;
let port = 0;
const connections: RawConnection[] = [];

beforeEach(async () => {
  t = await createTestApp({
    http: { ...DEFAULT_HTTP_CONFIG, requestTimeoutMs: REQUEST_TIMEOUT_MS, headersTimeoutMs: REQUEST_TIMEOUT_MS },
  });
  await t.app.listen({ host: "127.0.0.1", port: 0 });
  const address = t.app.server.address();
  port = typeof address === "object" && address !== null ? address.port : 0;
});
afterEach(async () => {
  for (const connection of connections.splice(0)) connection.socket.destroy();
  await t.app.close();
});

async function open(): Promise<RawConnection> {
  const connection = await openRawConnection(port);
  connections.push(connection);
  return connection;
}

describe("slow clients", () => {
  it("D4: a body that trickles in is answered 408 and closed once the request timeout has passed", async () => {
    const slow = await open();
    slow.socket.write(
      "POST /api/v1/flags HTTP/1.1\r\nHost: x\r\n" +
        `Authorization: Bearer ${t.secrets.admin}\r\nContent-Type: application/json\r\nContent-Length: 1000000\r\n\r\n{"key":`,
    );
    const trickle = setInterval(() => slow.socket.write(" "), 100);
    try {
      const closedAfterMs = await slow.closed(REQUEST_TIMEOUT_MS * 6);
      expect(closedAfterMs, "the connection is still open").not.toBeNull();
      expect(closedAfterMs).toBeGreaterThanOrEqual(REQUEST_TIMEOUT_MS - 50);
      expect(firstAnswer(slow.received())).toMatchObject({ status: 408, body: { error: { code: "REQUEST_TIMEOUT" } } });
    } finally {
      clearInterval(trickle);
    }
  });

  it("D4: headers that never finish are cut by the same bound", async () => {
    const slow = await open();
    slow.socket.write("GET /api/v1/flags HTTP/1.1\r\nHost: x\r\n");
    expect(await slow.closed(REQUEST_TIMEOUT_MS * 6)).not.toBeNull();
  });

  it("D4: the SSE stream and a finished request's answer are not cut by the request timeout", async () => {
    const stream = await open();
    stream.socket.write(
      `GET /api/v1/sdk/stream HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${t.secrets.serverSdk}\r\n\r\n`,
    );
    await stream.receivedMatching(/event: payload/, 5_000);
    await new Promise((resolve) => setTimeout(resolve, REQUEST_TIMEOUT_MS * 4));
    expect(stream.closedAfterMs()).toBeNull();
    expect(firstAnswer(stream.received()).status).toBe(200);
  });
});
