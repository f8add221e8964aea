// The soak's ingest load: first as fast as the servers take it (the capacity), then paced at a given rate until told
// to stop. Batches of wide events go to the servers in turn, each with its own Idempotency-Key.
import { createInterface } from "node:readline";
import { createWideEvents } from "../ingest/wide-events.js";
import { tellParent } from "../server/bench-process.js";

/** What the capacity phase measured. */
export interface SoakCapacity {
  rowsPerSecond: number;
  failed: number;
}

/** What the paced phase achieved. */
export interface SoakIngestResult {
  rows: number;
  seconds: number;
  failed: number;
  throttled: number;
  /** Batches that could not leave on time because the previous ones were still in flight. */
  late: number;
}

const urls = (process.env["SOAK_URLS"] ?? "").split(",");
const key = process.env["SOAK_KEY"] ?? "";
const capacitySeconds = Number(process.env["SOAK_CAPACITY_SECONDS"] ?? 10);
const BATCH = 500;
const IN_FLIGHT = 4;
const DISTINCT_BATCHES = 40;

// Timestamps from now: events older than the retention window would be deleted as soon as they land.
const events = createWideEvents(BATCH * DISTINCT_BATCHES, 11, Date.now());
const bodies = Array.from({ length: DISTINCT_BATCHES }, (_, index) =>
  events
    .slice(index * BATCH, (index + 1) * BATCH)
    .map((event) => JSON.stringify(event))
    .join("\n"),
);
let sent = 0;

/** Sends one batch; resolves with the rows stored (0 on failure) and whether it was throttled. */
async function send(): Promise<{ stored: number; throttled: boolean }> {
  const index = sent++;
  try {
    const response = await fetch(`${urls[index % urls.length]}/api/v1/events`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${key}`,
        "content-type": "application/x-ndjson",
        "idempotency-key": `soak-${process.pid}-${index}`,
      },
      body: bodies[index % bodies.length] ?? "",
    });
    const body = (await response.json()) as { stored?: number };
    return { stored: response.status === 200 ? (body.stored ?? 0) : 0, throttled: response.status === 429 };
  } catch {
    return { stored: 0, throttled: false };
  }
}

async function measureCapacity(): Promise<SoakCapacity> {
  const until = performance.now() + capacitySeconds * 1000;
  let rows = 0;
  let failed = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (performance.now() < until) {
        const { stored } = await send();
        rows += stored;
        if (stored === 0) failed++;
      }
    }),
  );
  return { rowsPerSecond: rows / ((performance.now() - started) / 1000), failed };
}

/** Sends a batch every BATCH / rate seconds (at most IN_FLIGHT at once) until `stop` resolves. */
async function paced(rowsPerSecond: number, stop: Promise<void>): Promise<SoakIngestResult> {
  const everyMs = (BATCH / rowsPerSecond) * 1000;
  const result: SoakIngestResult = { rows: 0, seconds: 0, failed: 0, throttled: 0, late: 0 };
  let stopped = false;
  void stop.then(() => (stopped = true));
  let inFlight = 0;
  const pending = new Set<Promise<void>>();
  const started = performance.now();
  for (let batch = 0; !stopped; batch++) {
    const dueAt = started + batch * everyMs;
    const waitMs = dueAt - performance.now();
    if (waitMs > 0) await Promise.race([new Promise((resolve) => setTimeout(resolve, waitMs)), stop]);
    if (stopped) break;
    if (inFlight >= IN_FLIGHT) {
      result.late++;
      await Promise.race(pending);
    }
    inFlight++;
    const request = send().then(({ stored, throttled }) => {
      inFlight--;
      result.rows += stored;
      if (throttled) result.throttled++;
      else if (stored === 0) result.failed++;
    });
    pending.add(request);
    void request.then(() => pending.delete(request));
  }
  await Promise.all(pending);
  result.seconds = (performance.now() - started) / 1000;
  return result;
}

const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();
const next = async (): Promise<string> => String((await lines.next()).value ?? "");
await tellParent({ ready: true });
if ((await next()) === "capacity") await tellParent(await measureCapacity());
const pace = /^pace (\d+(\.\d+)?)$/.exec(await next());
let stop: () => void = () => undefined;
const stopped = new Promise<void>((resolve) => (stop = resolve));
const run = paced(Number(pace?.[1] ?? 1000), stopped);
await next();
stop();
await tellParent(await run);
process.exit(0);
