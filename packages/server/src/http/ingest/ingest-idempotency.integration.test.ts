import { afterEach, describe, expect, it } from "vitest";
import { sampleEvent } from "../../../../events/src/store/event-store.contract.js";
import { createIngestTestApp, KEYS } from "./testing/ingest-test-app.js";

type TestApp = Awaited<ReturnType<typeof createIngestTestApp>>;
let current: TestApp | undefined;
afterEach(async () => {
  await current?.close();
  current = undefined;
});

async function sendBatch(app: TestApp["app"], key: string, batchId: string, eventId: string, query = "") {
  const response = await app.inject({
    method: "POST",
    url: `/api/v1/events${query}`,
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json", "idempotency-key": batchId },
    payload: JSON.stringify([sampleEvent(eventId)]),
  });
  expect(response.statusCode).toBe(200);
  return response.json() as { stored: number; duplicate: boolean };
}

describe("Idempotency-Key scope", () => {
  it("D9: the same Idempotency-Key from two environments stores both batches", async () => {
    current = await createIngestTestApp();
    const { app, events } = current;
    expect(await sendBatch(app, KEYS.staging, "shared-key", "staging-1")).toMatchObject({
      stored: 1,
      duplicate: false,
    });
    expect(await sendBatch(app, KEYS.server, "shared-key", "prod-1")).toMatchObject({ stored: 1, duplicate: false });
    expect(await sendBatch(app, KEYS.admin, "shared-key", "prod-2", "?environment=staging")).toMatchObject({
      stored: 1,
      duplicate: false,
    });
    expect((await events.stats()).eventsByEnvironment).toEqual({ production: 1, staging: 2 });
  });

  it("D9: a client key cannot suppress a server key's batch in the same environment", async () => {
    current = await createIngestTestApp();
    const { app, events } = current;
    expect(await sendBatch(app, KEYS.client, "guessable-1", "from-browser")).toMatchObject({ stored: 1 });
    expect(await sendBatch(app, KEYS.server, "guessable-1", "from-server")).toMatchObject({
      stored: 1,
      duplicate: false,
    });
    const ids = await events.run({ sql: "SELECT id FROM events ORDER BY id", params: [] });
    expect(ids.rows).toEqual([["from-browser"], ["from-server"]]);
  });

  it("D9: a retry with the same kind of key in the same environment is still stored once", async () => {
    current = await createIngestTestApp();
    const { app, events } = current;
    for (const key of [KEYS.client, KEYS.server, KEYS.staging]) {
      expect(await sendBatch(app, key, "retried", `${key}-1`)).toMatchObject({ stored: 1, duplicate: false });
      expect(await sendBatch(app, key, "retried", `${key}-1`)).toMatchObject({ stored: 0, duplicate: true });
    }
    expect((await events.stats()).events).toBe(3);
  });
});
