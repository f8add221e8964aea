import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Reporter } from "../lib/bench-types.js";
import { runInChild } from "../lib/child-runner.js";
import { measurementOf } from "../lib/measurement.js";
import { startBenchProcess } from "../server/bench-process.js";
import type { AppenderReply, AppenderRequest } from "./appender-worker.js";

const EVENTS = 50_000;
const BATCH = 1000;
const RUNS = 2;

/** Peak resident set size of a process in MB (Linux `VmHWM`). */
function peakRssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, "utf8")
    .split("\n")
    .find((entry) => entry.startsWith("VmHWM:"));
  return Number(line?.split(/\s+/)[1] ?? Number.NaN) / 1024;
}

async function runAppender(): Promise<AppenderReply> {
  const script = fileURLToPath(new URL("./appender-worker.ts", import.meta.url));
  return runInChild<AppenderRequest, AppenderReply>(
    { script, timeoutMs: 60_000 },
    { events: EVENTS, batchSize: BATCH },
  );
}

async function runSwitchboard(reporter: Reporter): Promise<AppenderReply> {
  const server = startBenchProcess("../ingest/ingest-server.ts", {});
  try {
    const { port } = await server.nextMessage<{ port: number }>(30_000);
    const load = startBenchProcess("../ingest/ingest-load.ts", {
      INGEST_URL: `http://127.0.0.1:${port}`,
      INGEST_EVENTS: String(EVENTS),
      INGEST_BATCH: String(BATCH),
    });
    try {
      await load.nextMessage(60_000);
      load.send("go");
      const result = await load.nextMessage<{ stored: number; throttled: number; failed: number; ms: number }>(90_000);
      if (result.stored !== EVENTS || result.failed > 0) {
        throw new Error(`ingest stored ${result.stored} of ${EVENTS} events (${result.failed} failed batches)`);
      }
      if (result.throttled > 0) reporter.note(`ingest: ${result.throttled} batches answered 429 and were retried`);
      return { rowsPerSecond: (EVENTS / result.ms) * 1000, peakRssMb: peakRssMb(server.pid) };
    } finally {
      await load.stop();
    }
  } finally {
    await server.stop();
  }
}

/** Ingest end to end (HTTP NDJSON → validation → durable DuckDB) against a bare in-process appender loop. */
export async function runIngest(reporter: Reporter): Promise<void> {
  for (const [impl, run] of [
    ["duckdb-appender", runAppender],
    ["switchboard", () => runSwitchboard(reporter)],
  ] as const) {
    const samples: AppenderReply[] = [];
    for (let i = 0; i < RUNS; i++) {
      samples.push(await run());
      reporter.note(`ingest ${impl} run ${i + 1}: ${Math.round(samples.at(-1)?.rowsPerSecond ?? 0)} rows/s`);
    }
    reporter.emit(
      measurementOf(
        "ingest",
        impl,
        "rows_per_s",
        samples.map((s) => s.rowsPerSecond),
      ),
    );
    reporter.emit(
      measurementOf(
        "ingest",
        impl,
        "peak_rss_mb",
        samples.map((s) => s.peakRssMb),
      ),
    );
  }
}
