import { readFileSync } from "node:fs";
import { loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import {
  type ClickHouseTestEngine,
  startClickHouseTestEngine,
} from "../../packages/events/src/clickhouse/testing/clickhouse-test-engine.js";
import {
  createScratchDatabase,
  type ScratchDatabase,
} from "../../packages/server/src/store/postgres-scratch-database.js";
import type { Reporter } from "../lib/bench-types.js";
import { round } from "../lib/measurement.js";
import { TOGGLED_FLAG } from "../server/bench-flag-set.js";
import { type BenchProcess, startBenchProcess } from "../server/bench-process.js";
import { ascending, quantile } from "../server/percentiles.js";
import type { LoadConnected, LoadResult } from "../server/propagation-load.js";
import type { SoakCapacity, SoakIngestResult } from "./soak-ingest.js";
import { adminCall, type SoakServer, startSoakServer } from "./soak-servers.js";

const ADMIN_TOKEN = "sb_admin_soak_bench_0123456789abcdefghijkl";
/** How long the load runs (default 10 minutes); `BENCH_SOAK_SECONDS` shortens it for a try-out. */
const SECONDS = Number(process.env["BENCH_SOAK_SECONDS"] ?? 600);
const SUBSCRIBERS = Number(process.env["BENCH_SOAK_SUBSCRIBERS"] ?? 10_000);
const POSTGRES_URL = process.env["SWITCHBOARD_TEST_POSTGRES_URL"] ?? "postgres://postgres@127.0.0.1:5432/postgres";
/**
 * A file to log each server's `process.memoryUsage()` into every 5 s (memory-probe.mjs, preloaded): the soak then
 * says which part grew — the JavaScript heap or memory outside it (DuckDB's buffer pool is outside it).
 */
const MEMORY_LOG = process.env["BENCH_SOAK_MEMORY_LOG"];
const MEMORY_PROBE = fileURLToPath(new URL("./memory-probe.mjs", import.meta.url));
/**
 * Where the cluster keeps its events: `clickhouse` (default) is the scale-out layout, one shared event store (the
 * ClickHouse test engine, `test/clickhouse-engine`) behind every server; `duckdb` keeps each server's events in its
 * own DuckDB file, as a cluster does before `SWITCHBOARD_EVENTS_URL` is set. A `SWITCHBOARD_EVENTS_URL` already in
 * the environment is used as it is.
 */
const CLUSTER_EVENTS = process.env["BENCH_SOAK_CLUSTER_EVENTS"] ?? "clickhouse";
const SAMPLE_MS = 5_000;
const FLAGS = 50;

/** Which servers: the embedded default (one process) or a cluster of three on one PostgreSQL server and one event store. */
export type SoakSetup = "embedded" | "cluster";

/**
 * `soak.*`: `SUBSCRIBERS` SSE streams, ingest at half the measured capacity and one flag change a second for
 * `SECONDS`, against real `switchboard serve` processes. Figures: the largest resident-memory growth of any server
 * after warm-up (`soak.rss`), write 2xx → receipt over every change (`soak.propagation`), rows ingested a second
 * (`soak.ingest`).
 */
export async function runSoak(setup: SoakSetup, reporter: Reporter): Promise<void> {
  const impl = setup === "embedded" ? "switchboard" : "switchboard-cluster";
  let database: ScratchDatabase | undefined;
  let engine: ClickHouseTestEngine | undefined;
  const servers: SoakServer[] = [];
  const processes: BenchProcess[] = [];
  try {
    const env: Record<string, string> = { SWITCHBOARD_ADMIN_TOKEN: ADMIN_TOKEN };
    if (MEMORY_LOG !== undefined) {
      env["BENCH_SOAK_MEMORY_LOG"] = MEMORY_LOG;
      env["NODE_OPTIONS"] = `${process.env["NODE_OPTIONS"] ?? ""} --import=${MEMORY_PROBE}`.trim();
    }
    if (setup === "cluster") {
      database = await createScratchDatabase(POSTGRES_URL);
      env["SWITCHBOARD_DATABASE_URL"] = database.url;
      if (CLUSTER_EVENTS === "clickhouse" && process.env["SWITCHBOARD_EVENTS_URL"] === undefined) {
        engine = await startClickHouseTestEngine();
        env["SWITCHBOARD_EVENTS_URL"] = `${engine.url}/soak`;
      }
    }
    for (let index = 0; index < (setup === "cluster" ? 3 : 1); index++) servers.push(await startSoakServer(env));
    const first = servers[0] as SoakServer;
    for (let index = 0; index < FLAGS; index++) {
      const key = index === 0 ? TOGGLED_FLAG : `soak-${index}`;
      await adminCall(first.url, ADMIN_TOKEN, "POST", "/api/v1/flags", {
        key,
        type: "boolean",
        defaultVariation: "off",
        environments: { production: { enabled: true, rules: [{ id: "all", kind: "force", serve: "on" }] } },
      });
    }
    const { secret } = (await adminCall(first.url, ADMIN_TOKEN, "POST", "/api/v1/tokens", {
      kind: "server-sdk",
      name: "soak",
      environment: "production",
    })) as { secret: string };
    reporter.note(
      `  ${servers.length} server(s) ${setup === "cluster" ? `on one PostgreSQL server, events ${eventsOf(env)}` : "embedded"}`,
    );

    const ingest = startBenchProcess("../soak/soak-ingest.ts", {
      SOAK_URLS: servers.map((server) => server.url).join(","),
      SOAK_KEY: secret,
    });
    processes.push(ingest);
    await ingest.nextMessage(60_000);
    ingest.send("capacity");
    const capacity = await ingest.nextMessage<SoakCapacity>(120_000);
    const rate = Math.max(1, Math.round(capacity.rowsPerSecond / 2));
    reporter.note(
      `  ingest capacity ${round(capacity.rowsPerSecond)} rows/s (idle servers); soak ingest at ${rate} rows/s`,
    );

    const load = startBenchProcess("../server/propagation-load.ts", {
      BENCH_PORT: String(first.port),
      BENCH_PORTS: servers.map((server) => server.port).join(","),
      BENCH_SUBSCRIBERS: String(SUBSCRIBERS),
      BENCH_WRITES: String(SECONDS),
      BENCH_WRITE_EVERY_MS: "1000",
      BENCH_SERVER_KEY: secret,
      BENCH_ADMIN_KEY: ADMIN_TOKEN,
    });
    processes.push(load);
    const connected = await load.nextMessage<LoadConnected>(300_000);
    reporter.note(
      `  ${connected.connections} streams open (${connected.failed} failed); load average ${loadavg()[0]?.toFixed(2)}`,
    );

    const samples: { atMs: number; rssKb: number[] }[] = [];
    const started = Date.now();
    const sampler = setInterval(() => {
      samples.push({ atMs: Date.now() - started, rssKb: servers.map((server) => server.rssKb()) });
    }, SAMPLE_MS);
    ingest.send(`pace ${rate}`);
    load.send("go");
    const result = await load.nextMessage<LoadResult>((SECONDS + 120) * 2_000);
    clearInterval(sampler);
    ingest.send("stop");
    const ingested = await ingest.nextMessage<SoakIngestResult>(60_000);
    reporter.note(
      `  load average at the end ${loadavg()
        .map((each) => each.toFixed(2))
        .join(" / ")}`,
    );

    const growth = servers.map((_, index) => growthPct(samples, index));
    reporter.note(
      `  RSS per server (MB, after warm-up → end): ${growth.map((g) => `${round(g.fromKb / 1024)} → ${round(g.toKb / 1024)} (${round(g.pct)} %)`).join(", ")}`,
    );
    if (MEMORY_LOG !== undefined) noteMemoryParts(reporter, servers, started, samples.at(-1)?.atMs ?? 0);
    const worst = growth.reduce((a, b) => (b.pct > a.pct ? b : a));
    emit(reporter, "soak.rss", impl, "growth_pct", worst.pct, samples.length);
    const { overall, perWrite } = result.latenciesMs;
    reporter.note(
      `  propagation over ${perWrite.length} changes: p50 ${round(overall.p50)} ms, p99 ${round(overall.p99)} ms, max ${round(overall.max)} ms; ` +
        `worst change's p99 ${round(Math.max(...perWrite.map((w) => w.p99)))} ms; ${result.missing} receipts missing`,
    );
    emit(
      reporter,
      "soak.propagation",
      impl,
      "p99_ms",
      overall.p99,
      perWrite.length,
      perWrite.map((w) => w.p99),
    );
    reporter.note(
      `  ingest: ${ingested.rows} rows in ${round(ingested.seconds)} s, ${ingested.failed} failed and ${ingested.throttled} throttled batches, ${ingested.late} late`,
    );
    emit(reporter, "soak.ingest", impl, "rows_per_s", ingested.rows / ingested.seconds, 1);
    if (result.missing > 0 || ingested.failed > 0 || connected.failed > 0)
      reporter.note("  !! errors during the soak (see above)");
  } finally {
    await Promise.all(processes.map((each) => each.stop()));
    await Promise.all(servers.map((server) => server.stop()));
    await database?.drop();
    await engine?.stop();
  }
}

/** Where the servers keep their events, for the notes. */
function eventsOf(env: Record<string, string>): string {
  const url = env["SWITCHBOARD_EVENTS_URL"] ?? process.env["SWITCHBOARD_EVENTS_URL"];
  return url === undefined ? "in each server's own DuckDB file" : `in one shared store (${url})`;
}

/** The parts of each server's memory after warm-up and at the end, from the probe's log (MB, medians). */
function noteMemoryParts(reporter: Reporter, servers: readonly SoakServer[], started: number, endMs: number): void {
  const lines = readFileSync(MEMORY_LOG ?? "", "utf8")
    .trim()
    .split("\n");
  const usage = lines.map((line) => JSON.parse(line) as NodeJS.MemoryUsage & { pid: number; at: number });
  const { warmUpMs, windowMs } = windows(endMs);
  for (const [index, server] of servers.entries()) {
    const own = usage.filter((u) => u.pid === server.pid);
    const part = (from: number, to: number, read: (u: NodeJS.MemoryUsage) => number) =>
      quantile(ascending(own.filter((u) => u.at - started >= from && u.at - started <= to).map(read)), 0.5) / 2 ** 20;
    const parts: [string, (u: NodeJS.MemoryUsage) => number][] = [
      ["rss", (u) => u.rss],
      ["heapUsed", (u) => u.heapUsed],
      ["heapTotal", (u) => u.heapTotal],
      ["external", (u) => u.external],
      ["arrayBuffers", (u) => u.arrayBuffers],
      ["outside V8 (rss − heapTotal − external)", (u) => u.rss - u.heapTotal - u.external],
    ];
    const text = parts.map(([name, read]) => {
      const from = part(warmUpMs, warmUpMs + windowMs, read);
      const to = part(endMs - windowMs, endMs, read);
      return `${name} ${round(from)} → ${round(to)} (${to >= from ? "+" : ""}${round(to - from)})`;
    });
    reporter.note(`  memory of server ${index + 1} (MB, after warm-up → end): ${text.join(", ")}`);
  }
}

/** The warm-up (the first fifth of the run, at least one minute when the run allows) and the compared windows. */
function windows(endMs: number): { warmUpMs: number; windowMs: number } {
  return { warmUpMs: Math.min(Math.max(60_000, endMs / 5), endMs / 3), windowMs: Math.min(60_000, endMs / 3) };
}

/**
 * Growth of one server's RSS after warm-up: the median of the samples in the minute after warm-up (the first fifth
 * of the run, at least one minute when the run allows) against the median of the last minute's.
 */
function growthPct(
  samples: readonly { atMs: number; rssKb: number[] }[],
  server: number,
): { fromKb: number; toKb: number; pct: number } {
  const endMs = samples.at(-1)?.atMs ?? 0;
  const { warmUpMs, windowMs } = windows(endMs);
  const at = (from: number, to: number) =>
    ascending(samples.filter((s) => s.atMs >= from && s.atMs <= to).map((s) => s.rssKb[server] ?? Number.NaN));
  const fromKb = quantile(at(warmUpMs, warmUpMs + windowMs), 0.5);
  const toKb = quantile(at(endMs - windowMs, endMs), 0.5);
  return { fromKb, toKb, pct: ((toKb - fromKb) / fromKb) * 100 };
}

function emit(
  reporter: Reporter,
  bench: string,
  impl: string,
  metric: string,
  value: number,
  runs: number,
  spread: readonly number[] = [value],
): void {
  reporter.emit({
    bench,
    impl,
    metric,
    value: round(value),
    runs,
    min: round(Math.min(...spread)),
    max: round(Math.max(...spread)),
  });
}
