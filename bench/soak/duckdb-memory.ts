// What a server's own DuckDB holds in memory while events keep arriving, without the rest of the server: appends the
// soak's wide events (batches of 500) into a fresh DuckDB event store opened with the given `memory_limit`, and every
// `every` rows prints the process's resident memory, DuckDB's own account of its buffer pool
// (`pragma_database_size().memory_usage`) and the database file's size.
//
//   node --import tsx bench/soak/duckdb-memory.ts [memory_limit=1GB] [rows=600000] [every=50000] [batch=500]
//
// Run one limit per process: resident memory is the process's, and the buffer pool is per DuckDB instance.
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDbEventStore } from "../../packages/events/src/duckdb/index.js";
import { createWideEvents } from "../ingest/wide-events.js";

const [limit = "1GB", rowsArg = "600000", everyArg = "50000", batchArg = "500"] = process.argv.slice(2);
const ROWS = Number(rowsArg);
const EVERY = Number(everyArg);
const BATCH = Number(batchArg);

function rssMb(): number {
  const line = readFileSync("/proc/self/status", "utf8")
    .split("\n")
    .find((entry) => entry.startsWith("VmRSS:"));
  return Number(line?.split(/\s+/)[1]) / 1024;
}

const dir = mkdtempSync(join(tmpdir(), "sb-duckdb-memory-"));
const path = join(dir, "events.duckdb");
const store = await DuckDbEventStore.open({ path, memoryLimit: limit });
const population = createWideEvents(BATCH * 40, 11, Date.now());
console.log(`memory_limit ${limit}: rows, rss MB, DuckDB memory_usage, DuckDB memory_limit, file MB`);
try {
  for (let sent = 0; sent < ROWS; ) {
    const offset = ((sent / BATCH) % 40) * BATCH;
    const items = population.slice(offset, offset + BATCH).map((event, i) => ({ ...event, id: `${sent + i}` }));
    await store.append({ batchId: `b-${sent}`, environment: "production", items });
    sent += BATCH;
    if (sent % EVERY === 0) {
      const { rows } = await store.run({
        sql: "SELECT memory_usage, memory_limit FROM pragma_database_size()",
        params: [],
      });
      const fileMb = statSync(path).size / 2 ** 20;
      console.log(
        `${sent}\t${rssMb().toFixed(1)}\t${String(rows[0]?.[0])}\t${String(rows[0]?.[1])}\t${fileMb.toFixed(1)}`,
      );
    }
  }
} finally {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}
