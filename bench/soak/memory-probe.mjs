// Preloaded into each `switchboard serve` of the soak when BENCH_SOAK_MEMORY_LOG names a file (`node --import`):
// appends the process's `process.memoryUsage()` every 5 s as a JSON line, so the soak can tell the JavaScript heap
// (per-stream state, caches, buffers) from memory outside it (DuckDB's buffer pool, other native allocations).
import { appendFileSync } from "node:fs";

const file = process.env.BENCH_SOAK_MEMORY_LOG;
if (file) {
  const sample = () => {
    const usage = process.memoryUsage();
    appendFileSync(file, `${JSON.stringify({ pid: process.pid, at: Date.now(), ...usage })}\n`);
  };
  setInterval(sample, 5_000).unref();
}
