import { once } from "node:events";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { DuckDbEventStore } from "@switchboard/events/duckdb";
import { afterAll, describe, expect, it } from "vitest";
import { sampleEvent } from "../../../../events/src/store/event-store.contract.js";
import { KEYS, ndjson } from "./testing/ingest-test-app.js";
import { spawnIngestServer } from "./testing/spawn-ingest-server.js";

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

function post(url: string, batchId: string, size: number): Promise<Response> {
  const items = Array.from({ length: size }, (_, i) => sampleEvent(`${batchId}-${i}`));
  return fetch(`${url}/api/v1/events`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${KEYS.server}`,
      "content-type": "application/x-ndjson",
      "content-encoding": "gzip",
      "idempotency-key": batchId,
    },
    body: gzipSync(ndjson(items)),
  });
}

describe("ingest over a real socket, in a server process", () => {
  it("keeps every acknowledged batch exactly once when the server is killed with SIGKILL mid-stream", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "sb-durability-"));
    dirs.push(dataDir);
    const { url, child } = await spawnIngestServer(dataDir);
    const acked: string[] = [];
    const size = 50;
    let next = 0;
    const sender = async (): Promise<void> => {
      for (;;) {
        const batchId = `b${next++}`;
        try {
          const response = await post(url, batchId, size);
          if (response.status === 200) {
            const body = (await response.json()) as { stored: number };
            if (body.stored === size) acked.push(batchId);
          }
        } catch {
          return;
        }
      }
    };
    const senders = [sender(), sender(), sender(), sender()];
    while (acked.length < 30) await new Promise((resolve) => setTimeout(resolve, 5));
    child.kill("SIGKILL");
    await Promise.all(senders);
    if (child.exitCode === null && child.signalCode === null) await once(child, "exit");

    const store = await DuckDbEventStore.open({ path: join(dataDir, "events.duckdb") });
    try {
      const rows = await store.run({
        sql: "SELECT b.batch_id, count(e.id), count(DISTINCT e.id) FROM ingest_batches b LEFT JOIN events e ON e.batch_id = b.batch_id GROUP BY b.batch_id",
        params: [],
      });
      const stored = new Map(rows.rows.map(([id, count, distinct]) => [String(id), [Number(count), Number(distinct)]]));
      for (const batchId of acked) expect(stored.get(batchId), batchId).toEqual([size, size]);
      for (const [batchId, counts] of stored) expect(counts, batchId).toEqual([size, size]);
      expect(acked.length).toBeGreaterThanOrEqual(30);
    } finally {
      await store.close();
    }
  }, 60_000);
});
