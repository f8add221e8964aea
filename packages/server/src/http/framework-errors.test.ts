import type { InjectOptions } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "./testing/create-test-app.js";
import { firstAnswer, openRawConnection } from "./testing/raw-socket.js";

let t: TestApp;
let port = 0;

beforeAll(async () => {
  t = await createTestApp({ bodyLimitBytes: 2048 });
  await t.app.listen({ host: "127.0.0.1", port: 0 });
  const address = t.app.server.address();
  port = typeof address === "object" && address !== null ? address.port : 0;
});
afterAll(async () => {
  await t.app.close();
});

function expectErrorShape(status: number, body: unknown, expected: number): void {
  expect(status).toBe(expected);
  expect(body).toMatchObject({
    error: { code: expect.any(String), message: expect.any(String), details: expect.any(Array) },
  });
  const message = (body as { error: { message: string } }).error.message;
  expect(message).not.toMatch(/^(Client Error|Bad Request)$/);
}

const json = { "content-type": "application/json" };

const injected: [string, InjectOptions, number][] = [
  ["a bad percent-encoding in the path", { method: "GET", url: "/api/v1/flags/%zz" }, 400],
  [
    "a path parameter over the length limit",
    { method: "POST", url: `/api/v1/segments/${"x".repeat(5000)}/archive` },
    414,
  ],
  [
    "an unsupported content type",
    { method: "POST", url: "/api/v1/flags", headers: { "content-type": "text/plain" }, payload: "hi" },
    400,
  ],
  ["a body that is not JSON", { method: "POST", url: "/api/v1/flags", headers: json, payload: "{nope" }, 400],
  [
    "a body over the limit",
    { method: "POST", url: "/api/v1/flags", headers: json, payload: JSON.stringify({ description: "x".repeat(4096) }) },
    413,
  ],
  ["a __proto__ key", { method: "POST", url: "/api/v1/flags", headers: json, payload: '{"__proto__":{"a":1}}' }, 400],
  ["an unknown route", { method: "GET", url: "/api/v1/nothing-here" }, 404],
];

const raw: [string, string, number][] = [
  ["headers over the size limit", `GET /api/v1/flags?q=${"x".repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`, 431],
  ["bytes that are not HTTP", "HELLO THERE\r\n\r\n", 400],
  ["an invalid Content-Length", "POST /api/v1/flags HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n", 400],
  ["a bad chunk size", "POST /api/v1/flags HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", 400],
];

describe("errors raised by the framework", () => {
  it.each(injected)("D14: %s is answered with the error shape", async (_, request, status) => {
    const response = await t.call("admin", request);
    expectErrorShape(response.statusCode, response.json(), status);
  });

  it.each(raw)("D14: %s is answered with the error shape over a raw socket", async (_, bytes, status) => {
    const connection = await openRawConnection(port);
    connection.socket.write(bytes);
    await connection.closed(5_000);
    const answer = firstAnswer(connection.received());
    expectErrorShape(answer.status, answer.body, status);
    connection.socket.destroy();
  });
});
