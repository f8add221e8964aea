// Embedded mode: p50 latency of ingest batches of 50 events alone, then beside 4 concurrent flag creators (D11).
// Run: npx tsx bench/auth/ingest-under-writes.ts
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEFAULT_SERVER_CONFIG } from "../../packages/server/src/config/parse-server-config.js";
import { startServer } from "../../packages/server/src/start-server.js";
import { call } from "./bench-http.js";

const ADMIN = `sb_admin_${randomBytes(32).toString("base64url")}`;
const PHASE_MS = 4_000;
let sequence = 0;

/** Latencies of batches of 50 events; `refused` sends batches that validation refuses, so only authentication and
 * validation are measured, not the event store's write. */
async function ingestFor(base: string, key: string, ms: number, refused = false): Promise<number[]> {
  const latencies: number[] = [];
  const until = performance.now() + ms;
  while (performance.now() < until) {
    const now = new Date().toISOString();
    const type = refused ? "no-such-type" : "event";
    const batch = Array.from({ length: 50 }, () => ({ type, id: `w${sequence++}`, ts: now, name: "page" }));
    const started = performance.now();
    const answer = await call(base, "POST", "/api/v1/events", key, { body: batch });
    if (answer.status !== (refused ? 400 : 200)) throw new Error(`ingest answered ${answer.status}: ${answer.body}`);
    latencies.push(performance.now() - started);
  }
  return latencies;
}

async function createFlagsFor(base: string, writer: number, ms: number): Promise<number> {
  let created = 0;
  const until = performance.now() + ms;
  while (performance.now() < until) {
    const flag = {
      key: `w${writer}-${created}`,
      type: "boolean",
      defaultVariation: "off",
      description: "d",
      owner: "o",
    };
    await call(base, "POST", "/api/v1/flags", ADMIN, { body: flag, localAddress: "127.0.0.2" });
    created++;
  }
  return created;
}

function p50(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.floor(sorted.length / 2)] ?? 0);
}

const dataDir = await mkdtemp(join(tmpdir(), "sb-bench-d11-"));
const server = await startServer({ ...DEFAULT_SERVER_CONFIG, host: "127.0.0.1", port: 0, dataDir, adminToken: ADMIN });
try {
  const base = server.url;
  const body = { kind: "server-sdk", name: "bench", environment: "production" };
  const { secret } = JSON.parse((await call(base, "POST", "/api/v1/tokens", ADMIN, { body })).body) as {
    secret: string;
  };
  await ingestFor(base, secret, 500);
  const alone = await ingestFor(base, secret, PHASE_MS);
  const [beside, ...created] = await Promise.all([
    ingestFor(base, secret, PHASE_MS),
    ...Array.from({ length: 4 }, (_, writer) => createFlagsFor(base, writer, PHASE_MS)),
  ]);
  const aloneRefused = await ingestFor(base, secret, PHASE_MS, true);
  const [besideRefused, ...createdMore] = await Promise.all([
    ingestFor(base, secret, PHASE_MS, true),
    ...Array.from({ length: 4 }, (_, writer) => createFlagsFor(base, writer + 4, PHASE_MS)),
  ]);
  const flags = [...created, ...createdMore].reduce((sum, count) => sum + count, 0);
  const phases = [
    ["alone", alone],
    ["with_4_flag_creators", beside],
    ["auth_only_alone", aloneRefused],
    ["auth_only_with_4_flag_creators", besideRefused],
  ] as const;
  for (const [phase, latencies] of phases) {
    console.log(
      JSON.stringify({
        bench: "ingest.embedded",
        phase,
        metric: "p50_ms",
        value: p50(latencies),
        batches: latencies.length,
      }),
    );
  }
  console.log(JSON.stringify({ bench: "ingest.embedded", metric: "flags_created", value: flags }));
} finally {
  await server.close();
  await rm(dataDir, { recursive: true, force: true });
}
