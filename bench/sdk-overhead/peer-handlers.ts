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

/**
 * A request whose wide event sampling drops: the flags-only work (same evaluations, same exposures) plus the event
 * API — started, 3 spans, 10 fields, ended — with a sampler that keeps 1 in a billion requests, its experiment past
 * its first hours, so no full-rate rule keeps the event. Its cost minus the flags-only handler's is `sampled_out_us`.
 */
export function sampledOutHandler(transport: ItemTransport): { handler: Handler; sent: () => number } {
  const client = createScenarioClient();
  let sent = 0;
  const counting: ItemTransport = {
    ...transport,
    enqueue: (item) => {
      if (item.type === "event") sent++;
      transport.enqueue(item);
    },
  };
  const events = createEventsClient(client, {
    transport: counting,
    sampling: { rate: 1e9, slowMs: 60_000, experimentStarts: { "checkout-2025": "2026-01-01T00:00:00Z" } },
  });
  const handler = async (req: IncomingMessage, res: ServerResponse) => {
    const flagContext = otelContext(req);
    const ev = events.startEvent(flagContext);
    const checkout = client.isOn("new-checkout", flagContext);
    const banner = client.value("jp-banner", "none", flagContext);
    const search = client.isOn("fast-search", flagContext);
    const dark = client.isOn("dark-mode", flagContext);
    const format = client.value("price-format", "plain", flagContext);
    ev.startSpan("auth").end();
    const body = await ev.span("db", () => responseBody(req.url));
    ev.startSpan("render").end();
    ev.set("cart.items", 3)
      .set("cart.value", 42.5)
      .set("checkout.variant", checkout)
      .set("banner", banner)
      .set("search.fast", search)
      .set("ui.dark", dark)
      .set("price.format", format)
      .set("user.tier", "gold")
      .set("db.rows", 12)
      .set("cache.hit", true);
    res.end(body);
    ev.end({ status: 200 });
  };
  return { handler, sent: () => sent };
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
