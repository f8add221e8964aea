// The load side of the end-to-end ingest bench: POSTs pre-built NDJSON batches with a few requests in flight.
import { createInterface } from "node:readline";
import { tellParent } from "../server/bench-process.js";
import { BENCH_INGEST_KEY } from "./bench-key.js";
import { createWideEvents } from "./wide-events.js";

const url = process.env["INGEST_URL"] ?? "";
const total = Number(process.env["INGEST_EVENTS"] ?? 100_000);
const batchSize = Number(process.env["INGEST_BATCH"] ?? 1000);
const inFlight = Number(process.env["INGEST_IN_FLIGHT"] ?? 4);

const events = createWideEvents(total, 7);
const bodies: string[] = [];
for (let offset = 0; offset < total; offset += batchSize) {
  bodies.push(
    events
      .slice(offset, offset + batchSize)
      .map((event) => JSON.stringify(event))
      .join("\n"),
  );
}
tellParent({ ready: true });
await new Promise<void>((resolve) => createInterface({ input: process.stdin }).once("line", () => resolve()));

let next = 0;
let stored = 0;
let throttled = 0;
let failed = 0;
const started = performance.now();
async function worker(): Promise<void> {
  while (next < bodies.length) {
    const index = next++;
    for (;;) {
      const response = await fetch(`${url}/api/v1/events`, {
        method: "POST",
        headers: {
          authorization: `Bearer ${BENCH_INGEST_KEY}`,
          "content-type": "application/x-ndjson",
          "idempotency-key": `load-${index}`,
        },
        body: bodies[index] ?? "",
      });
      const body = (await response.json()) as { stored?: number };
      if (response.status === 429) {
        throttled++;
        await new Promise((resolve) => setTimeout(resolve, 50));
        continue;
      }
      if (response.status === 200) stored += body.stored ?? 0;
      else failed++;
      break;
    }
  }
}
await Promise.all(Array.from({ length: inFlight }, worker));
tellParent({ stored, throttled, failed, ms: performance.now() - started });
process.exit(0);
