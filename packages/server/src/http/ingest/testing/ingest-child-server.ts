// A server process for tests that must kill it: the whole app over a DuckDB file, keys from `KEYS`.
import { join } from "node:path";
import { DEFAULT_EVENTS_CONFIG } from "@switchboard/events";
import { DuckDbEventStore } from "@switchboard/events/duckdb";
import { composeApp } from "../../../compose-features.js";
import { systemClock } from "../../../kernel/index.js";
import { KEYS, TableAuthenticator, testConfig } from "../../../sdk-serving/testing/sdk-test-support.js";
import { FakeConfigStore } from "../../../store/fake-config-store.js";

const dataDir = process.argv[2];
if (dataDir === undefined) throw new Error("usage: ingest-child-server.ts <dataDir>");
const events = await DuckDbEventStore.open({ path: join(dataDir, "events.duckdb"), stagingDir: dataDir });
const auth = new TableAuthenticator();
auth.add(KEYS.server, "server-sdk", "production");
const config = testConfig({ events: { ...DEFAULT_EVENTS_CONFIG, queueMaxItems: 1_000_000 } });
const app = composeApp({ config, store: new FakeConfigStore(), auth, clock: systemClock, events });
await app.listen({ host: "127.0.0.1", port: 0 });
const address = app.server.address();
process.stdout.write(`${JSON.stringify({ port: typeof address === "object" && address ? address.port : 0 })}\n`);
