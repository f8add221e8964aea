// Preloaded into each `switchboard serve` of the soak when BENCH_SOAK_MEMORY_LOG names a file (`node --import`):
// appends the process's `process.memoryUsage()` every 5 s as a JSON line, so the soak can tell the JavaScript heap
// (per-stream state, caches, buffers) from memory outside it (DuckDB's buffer pool, other native allocations).
// With BENCH_SOAK_MEMORY_GC=1 each sample follows a full collection, so `heapUsed` is what is still referenced
// rather than what the collector has not got to yet (a diagnosis aid: each collection pauses the server).
import { appendFileSync } from "node:fs";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

const file = process.env.BENCH_SOAK_MEMORY_LOG;
const collect = process.env.BENCH_SOAK_MEMORY_GC === "1" ? exposedGc() : undefined;
if (file) {
  const sample = () => {
    collect?.();
    const usage = process.memoryUsage();
    appendFileSync(file, `${JSON.stringify({ pid: process.pid, at: Date.now(), ...usage })}\n`);
  };
  setInterval(sample, 5_000).unref();
}

// `gc` without --expose-gc on the command line: the flag set at run time applies to contexts created after it.
function exposedGc() {
  setFlagsFromString("--expose-gc");
  return runInNewContext("gc");
}
