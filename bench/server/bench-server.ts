import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Fastify from "fastify";
import { TokenAuthenticator } from "../../packages/server/src/auth/index.js";
import { composeApp } from "../../packages/server/src/compose-features.js";
import type { ServerConfig } from "../../packages/server/src/config/server-config.js";
import { issueToken } from "../../packages/server/src/control-plane/index.js";
import { systemClock } from "../../packages/server/src/kernel/clock.js";
import { type ConfigStore, openConfigStore } from "../../packages/server/src/store/index.js";
import { benchFlagSet } from "./bench-flag-set.js";
import { BENCH_KEYS, type ServerMemory, type ServerReady } from "./bench-keys.js";
import { openFilesLimit, tellParent } from "./bench-process.js";

// The real app (control API, SDK endpoints, token authentication) over the embedded PostgreSQL in a temp dir.

async function seed(store: ConfigStore, flagCount: number): Promise<void> {
  const change = { actor: "bench", action: "seed" };
  await store.createDocument("environment", "production", {}, change);
  const { flags, segments } = benchFlagSet(flagCount);
  for (const [key, body] of Object.entries(segments)) await store.createDocument("segment", key, body, change);
  for (const [key, body] of Object.entries(flags)) await store.createDocument("flag", key, body, change);
  const system = { actor: "bench", role: "admin" as const, reason: null };
  const server = { kind: "server-sdk" as const, name: "bench", role: null, environment: "production" };
  await issueToken(store, server, system, BENCH_KEYS.server);
  const admin = { kind: "admin" as const, name: "bench", role: "admin" as const, environment: null };
  await issueToken(store, admin, system, BENCH_KEYS.admin);
}

/** Memory after two forced full collections (the second frees what the first's finalizers released). */
function collectedMemory(): ServerMemory {
  const gc = (globalThis as { gc?: () => void }).gc;
  const cpuBeforeMs = cpuMs();
  gc?.();
  gc?.();
  const memory = process.memoryUsage();
  return {
    rssKb: memory.rss / 1024,
    jsKb: (memory.heapUsed + memory.external) / 1024,
    cpuBeforeMs,
    cpuAfterMs: cpuMs(),
  };
}

function cpuMs(): number {
  const cpu = process.cpuUsage();
  return (cpu.user + cpu.system) / 1000;
}

async function main(): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), "switchboard-bench-"));
  const store = await openConfigStore({ dataDir });
  await seed(store, Number(process.env["BENCH_FLAGS"] ?? 50));
  const config: ServerConfig = {
    host: "127.0.0.1",
    port: 0,
    dataDir,
    databaseUrl: null,
    adminToken: null,
    bodyLimitBytes: 1024 * 1024,
    reasonRequiredIn: [],
    initialEnvironments: ["production"],
    heartbeatSeconds: 25,
    shutdownGraceMs: 1000,
    streamRetryMs: 1000,
  };
  const auth = new TokenAuthenticator(store, systemClock);
  const logger = Fastify({ logger: false }).log;
  const app = composeApp({ config, store, auth, clock: systemClock, logger });
  await app.listen({ host: "127.0.0.1", port: 0, backlog: 4096 });
  const address = app.server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  process.on("SIGUSR2", () => void tellParent(collectedMemory()));
  const stop = async (): Promise<void> => {
    await app.close();
    await store.close();
    await rm(dataDir, { recursive: true, force: true });
    process.exit(0);
  };
  process.once("SIGTERM", () => void stop());
  tellParent({
    port,
    fdLimit: openFilesLimit(),
    store: "PGlite (embedded PostgreSQL) in a temp dir",
  } satisfies ServerReady);
}

await main();
