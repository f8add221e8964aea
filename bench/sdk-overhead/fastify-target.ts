import { switchboardFastify } from "@switchboard/sdk/middleware";
import Fastify from "fastify";
import { tellParent } from "../server/bench-process.js";
import { addCountry, type ContextMode, createSdk, requestWork, responseBody } from "./sdk-scenario.js";

// A minimal Fastify app answering GET /products/:id; BENCH_SDK is "off", or the SDK's context mode (events go to
// BENCH_SINK).
const variant = process.env["BENCH_SDK"] ?? "off";
const app = Fastify({ logger: false });
if (variant === "async" || variant === "explicit") {
  const mode: ContextMode = variant;
  const { client, events } = createSdk(process.env["BENCH_SINK"] ?? "");
  await app.register(switchboardFastify, { events, enrich: addCountry, asyncContext: mode === "async" });
  app.get("/products/:id", (request) => {
    const scope = (request as unknown as { switchboard: Parameters<typeof requestWork>[2] }).switchboard;
    return requestWork(client, events, scope, mode, request.url);
  });
} else {
  app.get("/products/:id", async (request) => responseBody(request.url));
}
await app.listen({ host: "127.0.0.1", port: 0 });
const address = app.server.address();
tellParent({ port: typeof address === "object" && address ? address.port : 0 });
process.once("SIGTERM", () => process.exit(0));
