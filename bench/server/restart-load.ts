import { monitorEventLoopDelay } from "node:perf_hooks";
import { createInterface } from "node:readline";
import { createClient } from "@switchboard/sdk";
import { openFilesLimit, tellParent } from "./bench-process.js";
import { monotonicMs } from "./subscriber-protocol.js";

// `propagation.restart`'s load: real SDK clients (streaming, default reconnect policy) that note, on the machine's
// monotonic clock, when the flag the bench changes after the server's restart changed for them.

/** What the restart load reports once every client has its first payload. */
export interface RestartLoadReady {
  clients: number;
  fdLimit: number;
}

/** When each client saw the change, and when it was `ready` again after the outage (monotonic ms; NaN: never). */
export interface RestartLoadResult {
  receivedAtMs: number[];
  reconnectedAtMs: number[];
  /** This process's event-loop delay in the return window (from "back", `BENCH_RETURN_WINDOW_MS` long): is the load itself the bottleneck? */
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
}

const url = process.env["BENCH_URL"] ?? "";
const sdkKey = process.env["BENCH_SDK_KEY"] ?? "";
const count = Number(process.env["BENCH_CLIENTS"] ?? 1000);
const flag = process.env["BENCH_FLAG"] ?? "";

const receivedAtMs = new Array<number>(count).fill(Number.NaN);
const reconnectedAtMs = new Array<number>(count).fill(Number.NaN);
const lostServer = new Array<boolean>(count).fill(false);
let armed = false;
const clients = Array.from({ length: count }, (_, index) => {
  const client = createClient({ url, sdkKey, logger: () => undefined });
  client.on("change", ({ keys }) => {
    if (armed && keys.includes(flag) && Number.isNaN(receivedAtMs[index])) receivedAtMs[index] = monotonicMs();
  });
  return client;
});
await Promise.all(clients.map((client) => client.ready({ timeoutMs: 120_000 })));
await tellParent({ clients: clients.filter((c) => c.source === "server").length, fdLimit: openFilesLimit() });

/** Notes when each client, having seen the server fail, reports `ready` again (its stream or a poll answered). */
function watchReconnections(): void {
  const now = monotonicMs();
  clients.forEach((client, index) => {
    const state = client.status().state;
    if (state !== "ready") lostServer[index] = true;
    else if (lostServer[index] && Number.isNaN(reconnectedAtMs[index])) reconnectedAtMs[index] = now;
  });
}

const loopDelay = monitorEventLoopDelay({ resolution: 10 });
/** The return window the event-loop delay covers ("back" and this long after it). */
const returnWindowMs = Number(process.env["BENCH_RETURN_WINDOW_MS"] ?? 3_000);

// "arm": the server is about to go down; from now on a change of the flag counts. "back": the server answers again
// (the event-loop delay is measured from here). "collect": report and stop.
for await (const line of createInterface({ input: process.stdin })) {
  if (line === "arm") {
    armed = true;
    setInterval(watchReconnections, 10).unref();
    await tellParent({ armed: true });
  } else if (line === "back") {
    loopDelay.reset();
    loopDelay.enable();
    setTimeout(() => loopDelay.disable(), returnWindowMs).unref();
  } else if (line === "collect") {
    const loopDelayP99Ms = loopDelay.percentile(99) / 1e6;
    const loopDelayMaxMs = loopDelay.max / 1e6;
    await tellParent({ receivedAtMs, reconnectedAtMs, loopDelayP99Ms, loopDelayMaxMs } satisfies RestartLoadResult);
    await Promise.all(clients.map((client) => client.close()));
    process.exit(0);
  }
}
