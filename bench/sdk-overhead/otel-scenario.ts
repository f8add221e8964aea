import type { IncomingMessage } from "node:http";
import { type Attributes, context, type Span, SpanKind, type Tracer, trace } from "@opentelemetry/api";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-proto";
import { BatchSpanProcessor, NodeTracerProvider } from "@opentelemetry/sdk-trace-node";
import type { SwitchboardClient } from "@switchboard/sdk/node";
import { type Answer, responseBody, type ScenarioFlags } from "./sdk-scenario.js";

/**
 * The peer: the same request work instrumented with the OpenTelemetry JS SDK as its docs set it up — a
 * `NodeTracerProvider` (AsyncLocalStorage context manager), a `BatchSpanProcessor` and the OTLP protobuf exporter
 * sending to the bench's local sink. Flags come from the same Switchboard client without events, so the figure is
 * what OpenTelemetry adds on top of evaluating flags.
 */
export function startOtel(sinkUrl: string): { tracer: Tracer; provider: NodeTracerProvider } {
  const exporter = new OTLPTraceExporter({ url: `${sinkUrl}/v1/traces` });
  const provider = new NodeTracerProvider({
    spanProcessors: [new BatchSpanProcessor(exporter, { maxQueueSize: 100_000, scheduledDelayMillis: 1_000 })],
  });
  provider.register();
  return { tracer: trace.getTracer("bench"), provider };
}

/** The request's context as a flag SDK without middleware would build it: the id header and the edge country. */
export function otelContext(req: IncomingMessage): Record<string, unknown> {
  const flagContext: Record<string, unknown> = {};
  const id = req.headers["x-switchboard-id"];
  if (typeof id === "string") flagContext["id"] = id;
  const country = req.headers["cf-ipcountry"];
  if (typeof country === "string") flagContext["country"] = country.toLowerCase();
  return flagContext;
}

/** Evaluations recorded as `feature_flag.evaluation` span events (OpenTelemetry's feature-flag conventions). */
function recordingFlags(client: SwitchboardClient, flagContext: Record<string, unknown>): ScenarioFlags {
  const record = (key: string, value: unknown) => {
    trace.getActiveSpan()?.addEvent("feature_flag.evaluation", {
      "feature_flag.key": key,
      "feature_flag.provider.name": "switchboard",
      "feature_flag.result.value": String(value),
    });
  };
  return {
    isOn(key) {
      const on = client.isOn(key, flagContext);
      record(key, on);
      return on;
    },
    value(key, defaultValue) {
      const value = client.value(key, defaultValue, flagContext);
      record(key, value);
      return value;
    },
  };
}

/** The same work as `instrumentedWork`: 5 evaluations, 3 child spans, 10 attributes on the request's span. */
export async function otelWork(
  tracer: Tracer,
  client: SwitchboardClient,
  flagContext: Record<string, unknown>,
  path: string | undefined,
  answer: Answer = responseBody,
): Promise<string> {
  const flags = recordingFlags(client, flagContext);
  const checkout = flags.isOn("new-checkout");
  const banner = flags.value("jp-banner", "none");
  const search = flags.isOn("fast-search");
  const dark = flags.isOn("dark-mode");
  const format = flags.value("price-format", "plain");
  tracer.startSpan("auth").end();
  const body = await tracer.startActiveSpan("db", async (db) => {
    try {
      return await answer(path);
    } finally {
      db.end();
    }
  });
  tracer.startSpan("render").end();
  const attributes: Attributes = {
    "cart.items": 3,
    "cart.value": 42.5,
    "checkout.variant": checkout,
    banner,
    "search.fast": search,
    "ui.dark": dark,
    "price.format": format,
    "user.tier": "gold",
    "db.rows": 12,
    "cache.hit": true,
  };
  trace.getActiveSpan()?.setAttributes(attributes);
  return body;
}

/**
 * The in-process stand-in for the HTTP instrumentation's server span (the in-process loop has no socket for the
 * instrumentation to hook): a SERVER span with the same HTTP attributes, active for the handler. It does less than
 * the instrumentation (no header propagation, no response hooks), so OpenTelemetry's in-process figure is a lower bound.
 */
export function otelServerSpan<T>(tracer: Tracer, req: IncomingMessage, fn: (span: Span) => Promise<T>): Promise<T> {
  const span = tracer.startSpan("GET /products/:id", {
    kind: SpanKind.SERVER,
    attributes: {
      "http.request.method": req.method ?? "GET",
      "url.path": req.url ?? "/",
      "http.route": "/products/:id",
      "user_agent.original": String(req.headers["user-agent"] ?? ""),
      "server.address": "127.0.0.1",
    },
  });
  return context.with(trace.setSpan(context.active(), span), async () => {
    try {
      return await fn(span);
    } finally {
      span.setAttribute("http.response.status_code", 200);
      span.end();
    }
  });
}
