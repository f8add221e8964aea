// Good batches from one environment sent alongside one poisoned batch from another, over HTTP to the real app on
// a DuckDB file: how many good batches fail because of a batch that is not theirs.
// Run: node --import tsx bench/ingest/poisoned-batch.ts [goodPerRound=20] [rounds=5]
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDbEventStore } from "../../packages/events/src/duckdb/duckdb-event-store.js";
import type { Authenticator } from "../../packages/server/src/auth/authenticator.js";
import { composeApp } from "../../packages/server/src/compose-features.js";
import { AppError } from "../../packages/server/src/kernel/app-error.js";
import { systemClock } from "../../packages/server/src/kernel/clock.js";
import { FakeConfigStore } from "../../packages/server/src/store/fake-config-store.js";
import { benchServerConfig } from "./bench-server-config.js";

const DEV_SERVER_KEY = "sb_server_development_bench";
const PROD_CLIENT_KEY = "sb_client_production_bench";
const goodPerRound = Number(process.argv[2] ?? 20);
const rounds = Number(process.argv[3] ?? 5);

const auth: Authenticator = {
  async authenticate(secret) {
    if (secret === DEV_SERVER_KEY) {
      return { tokenId: "dev", kind: "server-sdk", name: "dev", role: null, environment: "development" };
    }
    if (secret === PROD_CLIENT_KEY) {
      return { tokenId: "cli", kind: "client-sdk", name: "cli", role: null, environment: "production" };
    }
    throw new AppError("UNAUTHENTICATED", "Unknown key.");
  },
};

const POISONS = {
  "span count 1e20 (JSON)": {
    type: "application/json",
    body: (ts: string) => `[{"type":"event","id":"p1","ts":"${ts}","name":"x","spans":{"db":{"ms":1,"count":1e20}}}]`,
  },
  "lone surrogate (NDJSON)": {
    type: "application/x-ndjson",
    body: (ts: string) => `{"type":"event","id":"ls1","ts":"${ts}","name":"\\ud800"}\n`,
  },
} as const;

function goodBatch(round: number, batch: number, ts: string): string {
  const lines: string[] = [];
  for (let i = 0; i < 10; i++) {
    lines.push(JSON.stringify({ type: "event", id: `g-${round}-${batch}-${i}`, ts, name: "request", durationMs: 12 }));
  }
  return `${lines.join("\n")}\n`;
}

async function post(url: string, key: string, type: string, body: string, batchId: string): Promise<number> {
  const headers = { authorization: `Bearer ${key}`, "content-type": type, "idempotency-key": batchId };
  const response = await fetch(url, { method: "POST", headers, body });
  await response.arrayBuffer();
  return response.status;
}

const dir = await mkdtemp(join(tmpdir(), "sb-bench-poison-"));
const events = await DuckDbEventStore.open({ path: join(dir, "events.duckdb"), stagingDir: dir });
const app = composeApp({
  config: benchServerConfig(dir, ["development", "production"]),
  store: new FakeConfigStore(),
  auth,
  clock: systemClock,
  events,
});
await app.listen({ host: "127.0.0.1", port: 0 });
const address = app.server.address();
const url = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}/api/v1/events`;

for (const [poisonName, poison] of Object.entries(POISONS)) {
  let failedGood = 0;
  const poisonStatuses: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const ts = new Date().toISOString();
    const tag = `${poisonName.length}-${round}`;
    const good = Array.from({ length: goodPerRound }, (_, batch) =>
      post(url, DEV_SERVER_KEY, "application/x-ndjson", goodBatch(round, batch, ts), `good-${tag}-${batch}`),
    );
    const bad = post(url, PROD_CLIENT_KEY, poison.type, poison.body(ts), `poison-${tag}`);
    const statuses = await Promise.all([...good, bad]);
    failedGood += statuses.slice(0, goodPerRound).filter((status) => status !== 200).length;
    poisonStatuses.push(statuses[goodPerRound] ?? 0);
  }
  process.stderr.write(`# ${poisonName}: poisoned batch answered ${poisonStatuses.join(", ")}\n`);
  const figure = { bench: "ingest.poison", impl: "switchboard", metric: "failed_good_batches", value: failedGood };
  process.stdout.write(`${JSON.stringify({ ...figure, poison: poisonName, of: goodPerRound * rounds, rounds })}\n`);
}

await app.close();
await events.close();
await rm(dir, { recursive: true, force: true });
