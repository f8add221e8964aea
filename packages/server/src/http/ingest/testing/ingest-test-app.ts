import { DEFAULT_EVENTS_CONFIG, type EventStore, type EventsConfig } from "@switchboard/events";
import { DuckDbEventStore } from "@switchboard/events/duckdb";
import type { FastifyInstance } from "fastify";
import { composeApp } from "../../../compose-features.js";
import { systemClock } from "../../../kernel/index.js";
import { KEYS, TableAuthenticator, testConfig } from "../../../sdk-serving/testing/sdk-test-support.js";
import { FakeConfigStore } from "../../../store/fake-config-store.js";

export { KEYS };

/**
 * The whole app over an in-memory DuckDB event store (or `events`), with the SDK keys of `KEYS` and the environments
 * `production` and `staging`.
 */
export async function createIngestTestApp(
  options: { events?: EventStore; eventsConfig?: Partial<EventsConfig> } = {},
): Promise<{ app: FastifyInstance; events: EventStore; close(): Promise<void> }> {
  const events = options.events ?? (await DuckDbEventStore.open({ path: ":memory:", threads: 1 }));
  const auth = new TableAuthenticator();
  auth.add(KEYS.server, "server-sdk", "production");
  auth.add(KEYS.client, "client-sdk", "production");
  auth.add(KEYS.staging, "server-sdk", "staging");
  auth.add(KEYS.admin, "admin", null);
  auth.add(KEYS.personal, "personal", null);
  const config = testConfig({ events: { ...DEFAULT_EVENTS_CONFIG, ...options.eventsConfig } });
  const store = new FakeConfigStore();
  for (const name of ["production", "staging"]) {
    await store.createDocument("environment", name, {}, { actor: "test", action: "seed" });
  }
  const app = composeApp({ config, store, auth, clock: systemClock, events });
  await app.ready();
  return {
    app,
    events,
    async close() {
      await app.close();
      await events.close();
    },
  };
}

/** NDJSON text of items. */
export function ndjson(items: readonly unknown[]): string {
  return items.map((item) => JSON.stringify(item)).join("\n");
}
