import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createIngestTestApp, KEYS } from "./testing/ingest-test-app.js";
import { startUnfinishedUpload } from "./testing/unfinished-upload.js";

type TestApp = Awaited<ReturnType<typeof createIngestTestApp>>;
let current: TestApp | undefined;
afterEach(async () => {
  await current?.close();
  current = undefined;
});

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
    expect(await startUnfinishedUpload(port, path, headers)).toBe(status);
  });
});
