// Profiling aid, not part of `npm run bench`: runs the instrumented node:http handler in a loop in this process so
// `node --cpu-prof --import tsx bench/sdk-overhead/request-micro.ts [async|explicit] [sink|encode|discard]` shows
// where one request's SDK work goes. Prints CPU µs per request (plain handler vs the SDK) every round.
import { EventEmitter } from "node:events";
import type { IncomingMessage, ServerResponse } from "node:http";
import { createEventsClient } from "@switchboard/sdk/events";
import { startBenchSink } from "./ingest-sink-server.js";
import {
  type ContextMode,
  createScenarioClient,
  createSdk,
  instrumentedHandler,
  plainHandler,
  USER_AGENTS,
} from "./sdk-scenario.js";

class BenchResponse extends EventEmitter {
  statusCode = 200;
  writableFinished = false;
  end(_body?: string): this {
    this.writableFinished = true;
    process.nextTick(() => this.emit("close"));
    return this;
  }
}
const headerSets = Array.from({ length: 1_000 }, (_, n) => ({
  "x-switchboard-id": `user-${n}`,
  "user-agent": USER_AGENTS[n % USER_AGENTS.length] ?? "",
  "cf-ipcountry": n % 7 === 0 ? "JP" : "US",
}));
type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;
const mode = (process.argv[2] ?? "explicit") as ContextMode;
const delivery = process.argv[3] ?? "encode";
const sink = delivery === "sink" ? await startBenchSink() : undefined;
let handler: Handler;
let settle = () => Promise.resolve();
if (sink !== undefined) {
  const { client, events } = createSdk(sink.url);
  handler = instrumentedHandler(client, events, mode) as unknown as Handler;
  settle = () => events.flush();
} else {
  const client = createScenarioClient();
  let bytes = 0;
  const stats = { queued: 0, inFlight: 0, sent: 0, dropped: 0, failed: 0, rejected: 0, retries: 0, batchesSent: 0 };
  const transport = {
    enqueue: (item: unknown) => {
      if (delivery === "encode") bytes += JSON.stringify(item).length;
    },
    eventStats: () => stats,
    flush: async () => {},
    close: async () => {},
  };
  const events = createEventsClient(client, { transport });
  handler = instrumentedHandler(client, events, mode) as unknown as Handler;
  process.on("exit", () => console.log(`encoded ${bytes} bytes`));
}
async function round(h: Handler, count: number): Promise<number> {
  const cpu0 = process.cpuUsage();
  for (let n = 0; n < count; n++) {
    await h(
      { method: "GET", url: `/products/${n % 100}`, headers: headerSets[n % 1000] } as unknown as IncomingMessage,
      new BenchResponse() as unknown as ServerResponse,
    );
    if ((n & 255) === 255) await new Promise((resolve) => setImmediate(resolve));
  }
  await settle();
  const cpu = process.cpuUsage(cpu0);
  return (cpu.user + cpu.system) / count;
}
const rounds = Number(process.argv[4] ?? 8);
const plain: number[] = [];
const sdk: number[] = [];
for (let r = 0; r < rounds; r++) {
  plain.push(await round(plainHandler, 20_000));
  sdk.push(await round(handler, 20_000));
}
const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]?.toFixed(2);
console.log(
  `${mode}/${delivery}: plain ${med(plain)} sdk ${med(sdk)} CPU µs/request (rounds ${sdk.map((x) => x.toFixed(1)).join(" ")})`,
);
await sink?.close();
