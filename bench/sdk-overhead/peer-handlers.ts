import type { IncomingMessage, ServerResponse } from "node:http";
import { createEventsClient, type ItemTransport } from "@switchboard/sdk/events";
import { otelContext, otelServerSpan, otelWork, startOtel } from "./otel-scenario.js";
import type { Handler } from "./request-loop.js";
import { createScenarioClient, responseBody } from "./sdk-scenario.js";

/**
 * Flags and exposures only: the 5 evaluations with the events client attached (experiment exposures recorded and
 * sent), no wide event and no middleware — what an app that wants assignments but not request events pays.
 */
export function flagsOnlyHandler(transport: ItemTransport | { url: string }): {
  handler: Handler;
  flush: () => Promise<void>;
} {
  const client = createScenarioClient();
  const events =
    "url" in transport
      ? createEventsClient(client, { url: transport.url, sdkKey: "bench", maxQueue: 100_000, flushIntervalMs: 1_000 })
      : createEventsClient(client, { transport });
  const handler = async (req: IncomingMessage, res: ServerResponse) => {
    const flagContext = otelContext(req);
    client.isOn("new-checkout", flagContext);
    client.value("jp-banner", "none", flagContext);
    client.isOn("fast-search", flagContext);
    client.isOn("dark-mode", flagContext);
    client.value("price-format", "plain", flagContext);
    res.end(await Promise.resolve(responseBody(req.url)));
  };
  return { handler, flush: () => events.flush() };
}

/** The OpenTelemetry peer in-process: a server span per request, then the same work (see `otelServerSpan`). */
export function otelHandler(sinkUrl: string): { handler: Handler; flush: () => Promise<void> } {
  const { tracer, provider } = startOtel(sinkUrl);
  const client = createScenarioClient();
  const handler = (req: IncomingMessage, res: ServerResponse) =>
    otelServerSpan(tracer, req, async () => {
      res.end(await otelWork(tracer, client, otelContext(req), req.url));
    });
  return { handler, flush: () => flushAll(() => provider.forceFlush()) };
}

/**
 * Flushes until a flush succeeds: while the OTLP exporter has its 30 concurrent exports in flight, a flush fails
 * ("Concurrent export limit reached") and the batch it took is dropped, as OpenTelemetry drops spans under load;
 * the round still waits until the exporter keeps up again, so its CPU lands inside the round.
 */
async function flushAll(flush: () => Promise<void>): Promise<void> {
  for (let attempt = 0; attempt < 500; attempt++) {
    try {
      return await flush();
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
}
