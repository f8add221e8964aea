import { EventEmitter } from "node:events";
import type { IncomingMessage, ServerResponse } from "node:http";
import { createEventsClient } from "@switchboard/sdk/events";
import { serveOneRequest } from "../lib/child-runner.js";
import {
  type ContextMode,
  createScenarioClient,
  createSdk,
  instrumentedHandler,
  plainHandler,
  USER_AGENTS,
} from "./sdk-scenario.js";

/**
 * One in-process measurement in a fresh process per context mode (AsyncLocalStorage, once used, stays on for the
 * whole process): rounds of sequential requests through each handler, in rotating order.
 */
export interface OverheadRequest {
  sinkUrl: string;
  mode: ContextMode;
  requestsPerRound: number;
  rounds: number;
}

/** CPU time of the process per request, in µs (what other processes on the machine hardly change). */
export interface RoundCost {
  cpuUs: number;
  wallUs: number;
}

/** The cost of each round per handler, and what the transport did. */
export interface OverheadReply {
  plain: RoundCost[];
  sdk: RoundCost[];
  /** The SDK with a transport that discards events: the cost on the request's own path, without delivery. */
  inRequest: RoundCost[];
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

async function timeRound(handler: Handler, count: number, settle: () => Promise<void>): Promise<RoundCost> {
  const startMs = performance.now();
  const startCpu = process.cpuUsage();
  for (let n = 0; n < count; n++) {
    await handler(requestOf(n), new BenchResponse() as unknown as ServerResponse);
    // Yield to I/O as a server would between requests, so batches are encoded and sent inside the timed window.
    if ((n & 255) === 255) await new Promise((resolve) => setImmediate(resolve));
  }
  await settle();
  const cpu = process.cpuUsage(startCpu);
  return { cpuUs: (cpu.user + cpu.system) / count, wallUs: ((performance.now() - startMs) * 1000) / count };
}

serveOneRequest<OverheadRequest, OverheadReply>(async (request) => {
  const { client, events } = createSdk(request.sinkUrl);
  const idle = () => new Promise<void>((resolve) => setImmediate(resolve));
  const variants = [
    { handler: plainHandler as Handler, settle: idle, costs: [] as RoundCost[] },
    {
      handler: instrumentedHandler(client, events, request.mode) as unknown as Handler,
      settle: () => events.flush(),
      costs: [] as RoundCost[],
    },
    { handler: discardingHandler(request.mode), settle: idle, costs: [] as RoundCost[] },
  ];
  for (let round = 0; round <= request.rounds; round++) {
    // Round 0 warms every path up (JIT, UA cache, exposure dedup) and is not counted; the order rotates so that
    // none of the handlers always runs right after the same other one.
    for (let i = 0; i < variants.length; i++) {
      const variant = variants[(i + round) % variants.length];
      if (variant === undefined) continue;
      const cost = await timeRound(variant.handler, request.requestsPerRound, variant.settle);
      if (round > 0) variant.costs.push(cost);
    }
  }
  const stats = events.eventStats();
  await events.close();
  return {
    plain: variants[0]?.costs ?? [],
    sdk: variants[1]?.costs ?? [],
    inRequest: variants[2]?.costs ?? [],
    sent: stats.sent,
    dropped: stats.dropped,
    failed: stats.failed + stats.rejected,
  };
});

function discardingHandler(mode: ContextMode): Handler {
  const client = createScenarioClient();
  const stats = { queued: 0, inFlight: 0, sent: 0, dropped: 0, failed: 0, rejected: 0, retries: 0, batchesSent: 0 };
  const transport = { enqueue: () => undefined, eventStats: () => stats, flush: async () => {}, close: async () => {} };
  const events = createEventsClient(client, { transport });
  return instrumentedHandler(client, events, mode) as unknown as Handler;
}
