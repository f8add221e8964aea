import { request } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createIngestTestApp, KEYS } from "./testing/ingest-test-app.js";

type TestApp = Awaited<ReturnType<typeof createIngestTestApp>>;
let current: TestApp | undefined;
afterEach(async () => {
  await current?.close();
  current = undefined;
});

const ANNOUNCED_BYTES = 15 * 1024 * 1024;
const ANSWER_WITHIN_MS = 3_000;

/**
 * Announces a 15 MB body but sends only its first kilobyte and never ends it: a server that reads the body before
 * checking the token cannot answer at all.
 */
function startUpload(port: number, path: string, headers: Record<string, string>): Promise<number | "no answer"> {
  return new Promise((resolve) => {
    const req = request({
      host: "127.0.0.1",
      port,
      path,
      method: "POST",
      headers: { "content-type": "application/json", "content-length": String(ANNOUNCED_BYTES), ...headers },
    });
    const timer = setTimeout(() => {
      req.destroy();
      resolve("no answer");
    }, ANSWER_WITHIN_MS);
    req.once("response", (response) => {
      clearTimeout(timer);
      response.resume();
      req.destroy();
      resolve(response.statusCode ?? 0);
    });
    req.once("error", () => undefined);
    req.write(Buffer.alloc(1024, "["));
  });
}

describe("ingest checks the caller before it reads a body", () => {
  it.each([
    ["/api/v1/events", {}, 401],
    ["/api/v1/events", { authorization: "Bearer sb_server_unknown" }, 401],
    ["/api/v1/events", { authorization: `Bearer ${KEYS.personal}` }, 403],
    ["/api/v1/events", { authorization: `Bearer ${KEYS.admin}` }, 400],
    ["/api/v1/events", { "content-encoding": "gzip" }, 401],
    ["/v1/traces", {}, 401],
    ["/v1/logs", { "content-type": "application/x-protobuf" }, 401],
  ])("D12: %s with %j is refused with %i before the body arrives", async (path, headers, status) => {
    current = await createIngestTestApp();
    await current.app.listen({ host: "127.0.0.1", port: 0 });
    const { port } = current.app.server.address() as AddressInfo;
    expect(await startUpload(port, path, headers)).toBe(status);
  });
});
