import { DuckDBInstance } from "@duckdb/node-api";

const inst = await DuckDBInstance.create(process.argv[2], { access_mode: "READ_ONLY" });
const c = await inst.connect();
const qs: Record<string, string> = JSON.parse(process.argv[3]);
for (const [name, q] of Object.entries(qs)) {
  const times: number[] = [];
  let rows: unknown;
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    const r = await c.runAndReadAll(q);
    times.push(performance.now() - t);
    rows = r.getRowsJson().slice(0, 3);
  }
  console.log(name, times.map((t) => t.toFixed(0)).join(" "), JSON.stringify(rows).slice(0, 300));
}
