import { switchboardFastify } from "@switchboard/sdk/middleware";
import Fastify from "fastify";
import { tellParent } from "../server/bench-process.js";
import { addCountry, createSdk, instrumentedWork, responseBody } from "./sdk-scenario.js";

// A minimal Fastify app answering GET /products/:id, with the SDK when BENCH_SDK=1 (events go to BENCH_SINK).
const withSdk = process.env["BENCH_SDK"] === "1";
const app = Fastify({ logger: false });
if (withSdk) {
  const { client, events } = createSdk(process.env["BENCH_SINK"] ?? "");
  await app.register(switchboardFastify, { events, enrich: addCountry });
  app.get("/products/:id", (request) => instrumentedWork(client, events, request.url));
} else {
  app.get("/products/:id", async (request) => responseBody(request.url));
}
await app.listen({ host: "127.0.0.1", port: 0 });
const address = app.server.address();
tellParent({ port: typeof address === "object" && address ? address.port : 0 });
process.once("SIGTERM", () => process.exit(0));
