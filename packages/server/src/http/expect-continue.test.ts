import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, rampFlag, type TestApp } from "./testing/create-test-app.js";
import { firstAnswer, openRawConnection } from "./testing/raw-socket.js";

let t: TestApp;
let port = 0;

beforeAll(async () => {
  t = await createTestApp({ bodyLimitBytes: 4096 });
  await t.app.listen({ host: "127.0.0.1", port: 0 });
  const address = t.app.server.address();
  port = typeof address === "object" && address !== null ? address.port : 0;
});
afterAll(async () => {
  await t.app.close();
});

function head(contentLength: number, authorization: string | null): string {
  const auth = authorization === null ? "" : `Authorization: Bearer ${authorization}\r\n`;
  return (
    `POST /api/v1/flags HTTP/1.1\r\nHost: x\r\n${auth}Content-Type: application/json\r\n` +
    `Content-Length: ${contentLength}\r\nExpect: 100-continue\r\n\r\n`
  );
}

describe("Expect: 100-continue", () => {
  it("D23: a body announced over the limit is refused with 413 and the error shape, never 100 Continue", async () => {
    const connection = await openRawConnection(port);
    connection.socket.write(head(1_000_000, t.secrets.admin));
    await connection.receivedMatching(/\r\n\r\n\{.*\}$/s, 5_000);
    expect(connection.received()).not.toContain("100 Continue");
    expect(firstAnswer(connection.received())).toMatchObject({
      status: 413,
      body: { error: { code: "PAYLOAD_TOO_LARGE", message: expect.stringContaining("4096"), details: [] } },
    });
    connection.socket.destroy();
  });

  it("D23: a request without a valid token is refused before the client sends its body", async () => {
    const connection = await openRawConnection(port);
    connection.socket.write(head(100, null));
    await connection.receivedMatching(/\r\n\r\n\{.*\}$/s, 5_000);
    expect(connection.received()).not.toContain("100 Continue");
    expect(firstAnswer(connection.received()).status).toBe(401);
    connection.socket.destroy();
  });

  it("D23: a body within the limit gets 100 Continue, then its answer", async () => {
    const body = JSON.stringify(rampFlag("continued"));
    const connection = await openRawConnection(port);
    connection.socket.write(head(Buffer.byteLength(body), t.secrets.admin));
    await connection.receivedMatching(/^HTTP\/1\.1 100 Continue\r\n\r\n$/, 5_000);
    connection.socket.write(body);
    await connection.receivedMatching(/HTTP\/1\.1 201/, 5_000);
    connection.socket.destroy();
  });
});
