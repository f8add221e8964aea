import { tellParent } from "../server/bench-process.js";
import { otelContext, otelWork, startOtel } from "./otel-scenario.js";
import { realisticAnswer } from "./realistic-answer.js";
import { type Answer, addCountry, type ContextMode, createSdk, requestWork, responseBody } from "./sdk-scenario.js";

// A minimal Fastify app answering GET /products/:id. BENCH_SDK is "off", the SDK's context mode ("async",
// "explicit"; events go to BENCH_SINK) or "opentelemetry" (the peer; spans go to BENCH_SINK). BENCH_HANDLER
// "realistic" makes the answer a PostgreSQL query and a 20 KB JSON body instead of a one-line echo.
const variant = process.env["BENCH_SDK"] ?? "off";
const sinkUrl = process.env["BENCH_SINK"] ?? "";
const realistic = process.env["BENCH_HANDLER"] === "realistic" ? realisticAnswer() : undefined;
const answer: Answer = realistic?.answer ?? responseBody;

// OpenTelemetry's HTTP instrumentation patches node:http when it is loaded, so it is set up before Fastify is imported.
const otel = variant === "opentelemetry" ? await instrumentHttp(sinkUrl) : undefined;
const { default: Fastify } = await import("fastify");
const { switchboardFastify } = await import("@switchboard/sdk/middleware");

const app = Fastify({ logger: false });
if (variant === "async" || variant === "explicit") {
  const mode: ContextMode = variant;
  const { client, events } = createSdk(sinkUrl);
  await app.register(switchboardFastify, { events, enrich: addCountry, asyncContext: mode === "async" });
  app.get("/products/:id", (request) => {
    const scope = (request as unknown as { switchboard: Parameters<typeof requestWork>[2] }).switchboard;
    return requestWork(client, events, scope, mode, request.url, answer);
  });
} else if (otel !== undefined) {
  const { createScenarioClient } = await import("./sdk-scenario.js");
  const client = createScenarioClient();
  app.get("/products/:id", (request) => otelWork(otel.tracer, client, otelContext(request.raw), request.url, answer));
} else {
  app.get("/products/:id", async (request) => answer(request.url));
}
await app.listen({ host: "127.0.0.1", port: 0 });
const address = app.server.address();
tellParent({ port: typeof address === "object" && address ? address.port : 0 });
process.once("SIGTERM", () => {
  void realistic?.close();
  process.exit(0);
});

async function instrumentHttp(url: string) {
  const started = startOtel(url);
  const { registerInstrumentations } = await import("@opentelemetry/instrumentation");
  const { HttpInstrumentation } = await import("@opentelemetry/instrumentation-http");
  registerInstrumentations({ instrumentations: [new HttpInstrumentation()] });
  return started;
}
