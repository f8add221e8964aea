import { fileURLToPath } from "node:url";
import type { Reporter } from "../lib/bench-types.js";
import { runInChild } from "../lib/child-runner.js";
import { measurementOf } from "../lib/measurement.js";
import type { CannonReply, CannonRequest } from "./autocannon-worker.js";
import { BENCH_KEYS, type ServerReady } from "./bench-keys.js";
import { type BenchProcess, startBenchProcess } from "./bench-process.js";

const ROUNDS = 3;
const DURATION_S = 5;
const CONNECTIONS = 64;

interface Target {
  impl: "switchboard" | "node-hello";
  process: BenchProcess;
  url: string;
  etag: string;
}

/**
 * `api.payload`: pollers revalidating with If-None-Match (every answer a 304) against our payload endpoint and a
 * bare node:http server answering the same bytes, alternating rounds in one run; autocannon runs in its own process.
 */
export async function runApiPayload(reporter: Reporter): Promise<void> {
  const targets: Target[] = [];
  try {
    targets.push(await startTarget("switchboard", "./bench-server.ts", "/api/v1/sdk/payload"));
    targets.push(await startTarget("node-hello", "./node-hello-server.ts", "/"));
    const samples = new Map<string, { rps: number[]; p99: number[] }>();
    for (let round = 0; round <= ROUNDS; round++) {
      for (const target of targets) {
        // Round 0 warms both servers up and is not counted.
        const reply = await cannon(target, round === 0 ? 1 : DURATION_S);
        if (reply.unexpected > 0 || reply.errors > 0) {
          reporter.note(`  !! ${target.impl}: ${reply.unexpected} answers were not 304, ${reply.errors} errors`);
        }
        if (round === 0) continue;
        const entry = samples.get(target.impl) ?? { rps: [], p99: [] };
        entry.rps.push(reply.rps);
        entry.p99.push(reply.p99Ms);
        samples.set(target.impl, entry);
        reporter.note(`  round ${round} ${target.impl}: ${Math.round(reply.rps)} req/s, p99 ${reply.p99Ms} ms`);
      }
    }
    for (const [impl, entry] of samples) {
      reporter.emit(measurementOf("api.payload", impl, "rps", entry.rps));
      reporter.emit(measurementOf("api.payload", impl, "p99_ms", entry.p99));
    }
  } finally {
    for (const target of targets) await target.process.stop();
  }
}

async function startTarget(impl: Target["impl"], script: string, path: string): Promise<Target> {
  const process = startBenchProcess(script, {});
  const ready = await process.nextMessage<ServerReady>(60_000);
  const url = `http://127.0.0.1:${ready.port}${path}`;
  const response = await fetch(url, { headers: { authorization: `Bearer ${BENCH_KEYS.server}` } });
  await response.arrayBuffer();
  const etag = response.headers.get("etag");
  if (!response.ok || etag === null) throw new Error(`${impl} answered ${response.status} without an ETag`);
  return { impl, process, url, etag };
}

function cannon(target: Target, durationS: number): Promise<CannonReply> {
  const request: CannonRequest = {
    url: target.url,
    headers: { authorization: `Bearer ${BENCH_KEYS.server}`, "if-none-match": target.etag },
    connections: CONNECTIONS,
    durationS,
  };
  const script = fileURLToPath(new URL("./autocannon-worker.ts", import.meta.url));
  return runInChild<CannonRequest, CannonReply>({ script, timeoutMs: (durationS + 30) * 1000 }, request);
}
