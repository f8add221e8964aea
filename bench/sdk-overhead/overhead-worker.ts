import { createEventsClient } from "@switchboard/sdk/events";
import { serveOneRequest } from "../lib/child-runner.js";
import { type Handler, type RoundCost, timeRound } from "./request-loop.js";
import {
  type ContextMode,
  createScenarioClient,
  createSdk,
  instrumentedHandler,
  plainHandler,
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
