import { createEventsClient } from "@switchboard/sdk/events";
import { serveOneRequest } from "../lib/child-runner.js";
import { flagsOnlyHandler, otelHandler, sampledOutHandler } from "./peer-handlers.js";
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
  mode: InProcessMode;
  requestsPerRound: number;
  rounds: number;
}

/**
 * The SDK's context modes, flags and exposures alone, the OpenTelemetry peer, or `sampled-out`: a request whose wide
 * event sampling drops, measured against flags and exposures alone (its `plain`) rather than the bare handler.
 */
export type InProcessMode = ContextMode | "flags-only" | "opentelemetry" | "sampled-out";

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
  const idle = () => new Promise<void>((resolve) => setImmediate(resolve));
  const measured = measuredVariants(request.sinkUrl, request.mode);
  const base = request.mode === "sampled-out" ? flagsOnlyHandler(discardingTransport()).handler : plainHandler;
  const variants = [
    { handler: base as Handler, settle: idle, costs: [] as RoundCost[] },
    { handler: measured.handler, settle: measured.flush, costs: [] as RoundCost[] },
    { handler: measured.discarding, settle: idle, costs: [] as RoundCost[] },
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
  const stats = measured.stats();
  await measured.close();
  return {
    plain: variants[0]?.costs ?? [],
    sdk: variants[1]?.costs ?? [],
    inRequest: variants[2]?.costs ?? [],
    sent: stats.sent,
    dropped: stats.dropped,
    failed: stats.failed + stats.rejected,
  };
});

const NO_STATS = { queued: 0, inFlight: 0, sent: 0, dropped: 0, failed: 0, rejected: 0, retries: 0, batchesSent: 0 };

interface MeasuredVariants {
  /** The variant with delivery to the sink. */
  handler: Handler;
  flush: () => Promise<void>;
  /** The same variant with events discarded (the cost on the request's own path). */
  discarding: Handler;
  stats: () => typeof NO_STATS;
  close: () => Promise<void>;
}

function measuredVariants(sinkUrl: string, mode: InProcessMode): MeasuredVariants {
  if (mode === "opentelemetry") {
    // OpenTelemetry exports from its own batch processor; both variants send, so in_request_us equals added_us.
    const otel = otelHandler(sinkUrl);
    return { ...otel, discarding: otel.handler, stats: () => NO_STATS, close: otel.flush };
  }
  if (mode === "sampled-out") {
    const dropped = sampledOutHandler(discardingTransport());
    return {
      handler: dropped.handler,
      flush: async () => {},
      discarding: dropped.handler,
      stats: () => ({ ...NO_STATS, sent: dropped.sent() }),
      close: async () => {},
    };
  }
  if (mode === "flags-only") {
    const sending = flagsOnlyHandler({ url: sinkUrl });
    return {
      ...sending,
      discarding: flagsOnlyHandler(discardingTransport()).handler,
      stats: () => NO_STATS,
      close: sending.flush,
    };
  }
  const { client, events } = createSdk(sinkUrl);
  return {
    handler: instrumentedHandler(client, events, mode) as unknown as Handler,
    flush: () => events.flush(),
    discarding: discardingHandler(mode),
    stats: () => events.eventStats(),
    close: () => events.close(),
  };
}

function discardingTransport() {
  return { enqueue: () => undefined, eventStats: () => NO_STATS, flush: async () => {}, close: async () => {} };
}

function discardingHandler(mode: ContextMode): Handler {
  const client = createScenarioClient();
  const events = createEventsClient(client, { transport: discardingTransport() });
  return instrumentedHandler(client, events, mode) as unknown as Handler;
}
