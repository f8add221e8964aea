import { EventEmitter } from "node:events";
import type { IncomingMessage, ServerResponse } from "node:http";
import { createEventsClient } from "@switchboard/sdk/events";
import { serveOneRequest } from "../lib/child-runner.js";
import { createScenarioClient, createSdk, instrumentedHandler, plainHandler, USER_AGENTS } from "./sdk-scenario.js";

/** One in-process measurement: rounds of sequential requests through each handler, alternating. */
export interface OverheadRequest {
  sinkUrl: string;
  requestsPerRound: number;
  rounds: number;
}

/** Microseconds per request of each round, and what the transport did. */
export interface OverheadReply {
  plainUs: number[];
  sdkUs: number[];
  /** The SDK with a transport that discards events: the cost on the request's own path, without delivery. */
  inRequestUs: number[];
  sent: number;
  dropped: number;
  failed: number;
}

type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

// A response without a socket: `close` comes on the next tick, as a real one's comes after the write.
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

function requestOf(n: number): IncomingMessage {
  return {
    method: "GET",
    url: `/products/${n % 100}`,
    headers: headerSets[n % headerSets.length],
  } as unknown as IncomingMessage;
}

async function timeRound(handler: Handler, count: number, settle: () => Promise<void>): Promise<number> {
  const startMs = performance.now();
  for (let n = 0; n < count; n++) {
    await handler(requestOf(n), new BenchResponse() as unknown as ServerResponse);
    // Yield to I/O as a server would between requests, so batches are encoded and sent inside the timed window.
    if ((n & 255) === 255) await new Promise((resolve) => setImmediate(resolve));
  }
  await settle();
  return ((performance.now() - startMs) * 1000) / count;
}

serveOneRequest<OverheadRequest, OverheadReply>(async (request) => {
  const { client, events } = createSdk(request.sinkUrl);
  const sdk = instrumentedHandler(client, events) as unknown as Handler;
  const discard = discardingHandler();
  const flush = () => events.flush();
  const idle = () => new Promise<void>((resolve) => setImmediate(resolve));
  const plainUs: number[] = [];
  const sdkUs: number[] = [];
  const inRequestUs: number[] = [];
  for (let round = 0; round <= request.rounds; round++) {
    // Round 0 warms both paths up (JIT, UA cache, exposure dedup) and is not counted.
    const plain = await timeRound(plainHandler, request.requestsPerRound, idle);
    const instrumented = await timeRound(sdk, request.requestsPerRound, flush);
    const inRequest = await timeRound(discard, request.requestsPerRound, idle);
    if (round === 0) continue;
    plainUs.push(plain);
    sdkUs.push(instrumented);
    inRequestUs.push(inRequest);
  }
  const stats = events.eventStats();
  await events.close();
  return {
    plainUs,
    sdkUs,
    inRequestUs,
    sent: stats.sent,
    dropped: stats.dropped,
    failed: stats.failed + stats.rejected,
  };
});

function discardingHandler(): Handler {
  const client = createScenarioClient();
  const stats = { queued: 0, inFlight: 0, sent: 0, dropped: 0, failed: 0, rejected: 0, retries: 0, batchesSent: 0 };
  const transport = { enqueue: () => undefined, eventStats: () => stats, flush: async () => {}, close: async () => {} };
  const events = createEventsClient(client, { transport });
  return instrumentedHandler(client, events) as unknown as Handler;
}
