import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createIngestTestApp } from "../http/ingest/testing/ingest-test-app.js";
import { startUnfinishedUpload } from "../http/ingest/testing/unfinished-upload.js";

type TestApp = Awaited<ReturnType<typeof createIngestTestApp>>;
let current: TestApp | undefined;
afterEach(async () => {
  await current?.close();
  current = undefined;
});

describe("OFREP checks the caller before it reads a body", () => {
  it.each([
    ["/ofrep/v1/evaluate/flags", {}],
    ["/ofrep/v1/evaluate/flags/new-checkout", {}],
    ["/ofrep/v1/evaluate/flags", { authorization: "Bearer sb_client_unknown" }],
  ])("D12: %s with %j is refused with 401 before the body arrives", async (path, headers) => {
    current = await createIngestTestApp();
    await current.app.listen({ host: "127.0.0.1", port: 0 });
    const { port } = current.app.server.address() as AddressInfo;
    expect(await startUnfinishedUpload(port, path, headers, { announcedBytes: 900 * 1024 })).toBe(401);
  });
});
