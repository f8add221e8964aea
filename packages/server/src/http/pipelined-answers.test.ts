import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "./testing/create-test-app.js";
import { firstAnswer, openRawConnection } from "./testing/raw-socket.js";

let t: TestApp;
let port = 0;

beforeAll(async () => {
  t = await createTestApp();
  await t.app.listen({ host: "127.0.0.1", port: 0 });
  const address = t.app.server.address();
  port = typeof address === "object" && address !== null ? address.port : 0;
});
afterAll(async () => {
  await t.app.close();
});

describe("bytes that follow a request", () => {
  it("D15: a DELETE followed by stray body bytes gets its own answer first, then the connection closes", async () => {
    const created = await t.call("admin", {
      method: "POST",
      url: "/api/v1/tokens",
      payload: { kind: "personal", name: "victim", role: "viewer" },
    });
    const id = created.json().token.id as string;
    const connection = await openRawConnection(port);
    connection.socket.write(
      `DELETE /api/v1/tokens/${id} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${t.secrets.admin}\r\n\r\n{`,
    );
    expect(await connection.closed(5_000)).not.toBeNull();
    const answer = firstAnswer(connection.received());
    expect(answer.status, connection.received()).toBeLessThan(300);
    const tokens = await t.call("admin", { method: "GET", url: "/api/v1/tokens" });
    const victim = tokens.json().items.find((token: { id: string }) => token.id === id);
    expect(victim === undefined || victim.revokedAt !== null).toBe(true);
  });
});
