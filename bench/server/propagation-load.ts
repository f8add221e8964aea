import { request } from "node:http";
import { createInterface } from "node:readline";
import { Worker } from "node:worker_threads";
import { TOGGLED_FLAG } from "./bench-flag-set.js";
import { openFilesLimit, tellParent } from "./bench-process.js";
import { type LatencySummary, summarizeLatencies } from "./latency-summary.js";
import { monotonicMs, type SubscriberJob, type SubscriberMessage, WARM_UP_WRITES } from "./subscriber-protocol.js";

/** What the load process reports once every subscriber has its first payload. */
export interface LoadConnected {
  connections: number;
  failed: number;
  fdLimit: number;
}

/** Latencies (write 2xx → receipt) over all subscribers, summarized, and what never arrived. */
export interface LoadResult {
  latenciesMs: LatencySummary;
  missing: number;
  /** Receipts that came in before the write's 2xx did (counted as 0 ms). */
  early: number;
  /** CPU (user + system, every thread) this process spent on the counted writes. */
  cpuMs: number;
}

const port = Number(process.env["BENCH_PORT"]);
/** A cluster: streams spread over these servers and writes go to each in turn (`BENCH_PORT` alone otherwise). */
const ports = (process.env["BENCH_PORTS"] ?? String(port)).split(",").map(Number);
/** The cadence of writes (the soak's one change a second); 0: the next write 50 ms after the last receipt. */
const writeEveryMs = Number(process.env["BENCH_WRITE_EVERY_MS"] ?? 0);
const subscribers = Number(process.env["BENCH_SUBSCRIBERS"]);
const writes = Number(process.env["BENCH_WRITES"] ?? 20);
const threads = Number(process.env["BENCH_THREADS"] ?? 2);
const serverKey = process.env["BENCH_SERVER_KEY"] ?? "";
const adminKey = process.env["BENCH_ADMIN_KEY"] ?? "";
const WRITE_TIMEOUT_MS = 10_000;
// Worker threads do not inherit the TypeScript loader: register it in the thread, then load the worker module.
const WORKER_BOOT = `import(${JSON.stringify(import.meta.resolve("tsx/esm/api"))})
  .then(({ register }) => { register(); return import(${JSON.stringify(new URL("./subscriber-worker.ts", import.meta.url).href)}); })`;

function startWorkers(): Worker[] {
  const share = Math.ceil(subscribers / threads);
  return Array.from({ length: threads }, (_, index) => {
    const count = Math.max(0, Math.min(share, subscribers - index * share));
    // A thread's i-th connection goes to ports[i % n]: every server gets its share to within one per thread.
    const job: SubscriberJob = { port, ports, key: serverKey, count, concurrency: 100 };
    return new Worker(WORKER_BOOT, { eval: true, workerData: job });
  });
}

function nextMessage(worker: Worker, type: SubscriberMessage["type"]): Promise<SubscriberMessage> {
  return new Promise((resolve) => {
    const listen = (message: SubscriberMessage): void => {
      if (message.type !== type) return;
      worker.off("message", listen);
      resolve(message);
    };
    worker.on("message", listen);
  });
}

/** One activation through the HTTP API; resolves with the monotonic time its 2xx arrived. */
function activate(op: "kill" | "enable", target: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const path = `/api/v1/flags/${TOGGLED_FLAG}/environments/production/${op}`;
    const body = JSON.stringify({ reason: "propagation bench" });
    const call = request(
      {
        host: "127.0.0.1",
        port: target,
        path,
        method: "POST",
        headers: { authorization: `Bearer ${adminKey}`, "content-type": "application/json" },
      },
      (response) => {
        response.resume();
        response.on("end", () => {
          const at = monotonicMs();
          const status = response.statusCode ?? 0;
          if (status >= 200 && status < 300) resolve(at);
          else reject(new Error(`${op} answered ${status}`));
        });
      },
    );
    call.on("error", reject);
    call.end(body);
  });
}

async function measureWrite(
  workers: Worker[],
  write: number,
): Promise<{ latencies: number[]; missing: number; early: number }> {
  const received = workers.map((worker) => nextMessage(worker, "received"));
  for (const worker of workers) worker.postMessage({ type: "expect", write });
  const ackedAt = await activate(write % 2 === 1 ? "kill" : "enable", ports[write % ports.length] ?? port);
  const timeout = setTimeout(() => {
    for (const worker of workers) worker.postMessage({ type: "flush", write });
  }, WRITE_TIMEOUT_MS);
  const replies = (await Promise.all(received)) as Extract<SubscriberMessage, { type: "received" }>[];
  clearTimeout(timeout);
  const latencies: number[] = [];
  let missing = 0;
  let early = 0;
  for (const reply of replies) {
    missing += reply.missing;
    for (const at of reply.times) {
      if (Number.isNaN(at)) continue;
      if (at < ackedAt) early++;
      latencies.push(Math.max(0, at - ackedAt));
    }
  }
  return { latencies, missing, early };
}

async function main(): Promise<void> {
  const workers = startWorkers();
  const connected = (await Promise.all(workers.map((worker) => nextMessage(worker, "connected")))) as Extract<
    SubscriberMessage,
    { type: "connected" }
  >[];
  const connections = connected.reduce((sum, message) => sum + message.connections, 0);
  const failed = connected.reduce((sum, message) => sum + message.failed, 0);
  tellParent({ connections, failed, fdLimit: openFilesLimit() } satisfies LoadConnected);
  await new Promise<void>((resolve) => createInterface({ input: process.stdin }).once("line", () => resolve()));
  const latencies: number[][] = [];
  let missing = 0;
  let early = 0;
  let cpuFrom = process.cpuUsage();
  for (let write = 1; write <= writes + WARM_UP_WRITES; write++) {
    const startedAt = monotonicMs();
    const measured = await measureWrite(workers, write);
    if (write <= WARM_UP_WRITES) {
      cpuFrom = process.cpuUsage();
      continue;
    }
    latencies.push(measured.latencies);
    missing += measured.missing;
    early += measured.early;
    const pauseMs = Math.max(50, writeEveryMs - (monotonicMs() - startedAt));
    await new Promise((resolve) => setTimeout(resolve, pauseMs));
  }
  // A summary, not the raw samples, and exit only once it left: see `LatencySummary`.
  const cpu = process.cpuUsage(cpuFrom);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  await tellParent({ latenciesMs: summarizeLatencies(latencies), missing, early, cpuMs } satisfies LoadResult);
  for (const worker of workers) worker.postMessage({ type: "close" });
  setTimeout(() => process.exit(0), 200);
}

await main();
