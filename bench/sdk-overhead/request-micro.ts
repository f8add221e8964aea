// Profiling aid, not part of `npm run bench`: runs the instrumented node:http handler in a loop in this process so
// `node --cpu-prof --import tsx bench/sdk-overhead/request-micro.ts [async|explicit] [sink|encode|discard]` shows
// where one request's SDK work goes. Prints CPU µs per request (plain handler vs the SDK) every round. With
// BENCH_SINK=<url> the `sink` delivery posts to that sink (another process, as in `sdk.request`) instead of one
// started here, so the sink's own CPU stays out of the figure and the profile.
import { createEventsClient } from "@switchboard/sdk/events";
import { startBenchSink } from "./ingest-sink-server.js";
import { type Handler, timeRound } from "./request-loop.js";
import {
  type ContextMode,
  createScenarioClient,
  createSdk,
  instrumentedHandler,
  plainHandler,
} from "./sdk-scenario.js";

const mode = (process.argv[2] ?? "explicit") as ContextMode;
const delivery = process.argv[3] ?? "encode";
const externalSink = process.env["BENCH_SINK"];
const sink = delivery === "sink" && externalSink === undefined ? await startBenchSink() : undefined;
const sinkUrl = delivery === "sink" ? (externalSink ?? sink?.url) : undefined;
let handler: Handler;
let settle = () => Promise.resolve();
if (sinkUrl !== undefined) {
  const { client, events } = createSdk(sinkUrl);
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
const round = async (h: Handler, count: number) => (await timeRound(h, count, settle)).cpuUs;
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
