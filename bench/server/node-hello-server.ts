import { createServer } from "node:http";
import { compileFlagSet } from "@switchboard/core";
import { encodeBody } from "../../packages/server/src/sdk-serving/compiled-payload.js";
import { benchFlagSet } from "./bench-flag-set.js";
import { openFilesLimit, tellParent } from "./bench-process.js";

// The ceiling: a bare node:http server answering the same payload bytes and ETag, with no framework, no auth.
const { flags, segments } = benchFlagSet(Number(process.env["BENCH_FLAGS"] ?? 50));
const payload = compileFlagSet(
  { version: 1, environments: ["production"], flags, segments, experiments: {} },
  "production",
);
const body = encodeBody(Buffer.from(JSON.stringify(payload)));

const server = createServer((request, response) => {
  if (request.headers["if-none-match"] === body.etag) {
    response.writeHead(304, body.headers304);
    response.end();
    return;
  }
  response.writeHead(200, body.headers200);
  response.end(body.bytes);
});
server.listen({ host: "127.0.0.1", port: 0, backlog: 4096 }, () => {
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  tellParent({ port, fdLimit: openFilesLimit(), store: "none", etag: body.etag });
});
process.once("SIGTERM", () => process.exit(0));
