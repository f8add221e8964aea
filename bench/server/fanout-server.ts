import cluster from "node:cluster";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { openFilesLimit, tellParent } from "./bench-process.js";

// The fan-out alone, for `propagation.fanout`: a bare node:http server holding SSE streams that, on
// `POST …/kill|enable`, answers 200 and writes one pre-encoded `patch` event to every stream, as `StreamHub` does.
// The way of writing varies (FANOUT_MODE), and FANOUT_WORKERS > 0 shards the streams over that many `node:cluster`
// workers accepting on one port: the worker that takes the write tells the primary, which tells every worker once.

const mode = process.env["FANOUT_MODE"] ?? "write";
const workers = Number(process.env["FANOUT_WORKERS"] ?? 0);
const PATCH = Buffer.from(
  `event: patch\nid: 1\ndata: ${JSON.stringify({ features: { "flag-000": { defaultValue: false, rules: [{ force: true }] } } })}\n\n`,
);
const PAYLOAD = Buffer.from('event: payload\nid: 1\ndata: {"features":{}}\n\n');

function fanOut(sockets: readonly Socket[]): void {
  if (mode === "cork") {
    for (const socket of sockets) socket.cork();
    for (const socket of sockets) socket.write(PATCH);
    for (const socket of sockets) socket.uncork();
    return;
  }
  for (const socket of sockets) socket.write(PATCH);
}

function serve(port: number, onWrite: () => void, sockets: Socket[]): ReturnType<typeof createServer> {
  return createServer((request: IncomingMessage, response: ServerResponse) => {
    if (request.method === "POST") {
      request.resume();
      request.on("end", () => {
        response.writeHead(200, { "content-type": "application/json" }).end("{}");
        onWrite();
      });
      return;
    }
    response.useChunkedEncodingByDefault = false;
    response.shouldKeepAlive = false;
    response.writeHead(200, { "content-type": "text/event-stream" });
    response.flushHeaders();
    const socket = response.socket as Socket;
    socket.write(PAYLOAD);
    sockets.push(socket);
    socket.once("close", () => sockets.splice(sockets.indexOf(socket), 1));
  }).listen(port, "127.0.0.1", 4096);
}

if (workers > 0 && cluster.isPrimary) {
  // Workers accept for themselves (no round-robin through the primary, which would pass every stream over IPC).
  cluster.schedulingPolicy = cluster.SCHED_NONE;
  const port = Number(process.env["FANOUT_PORT"]);
  const forked = Array.from({ length: workers }, () => cluster.fork({ FANOUT_PORT: String(port) }));
  let listening = 0;
  for (const worker of forked) {
    worker.on("listening", () => {
      if (++listening === workers) void tellParent({ port, fdLimit: openFilesLimit(), store: `${workers} workers` });
    });
    worker.on("message", (message: unknown) => {
      if (message === "change") for (const each of forked) each.send("change");
    });
  }
} else {
  const sockets: Socket[] = [];
  const port = Number(process.env["FANOUT_PORT"] ?? 0);
  if (cluster.isWorker) {
    process.on("message", (message: unknown) => {
      if (message === "change") fanOut(sockets);
    });
    serve(port, () => process.send?.("change"), sockets);
  } else {
    const server = serve(port, () => fanOut(sockets), sockets);
    server.on("listening", () => {
      const address = server.address();
      const bound = typeof address === "object" && address ? address.port : 0;
      void tellParent({ port: bound, fdLimit: openFilesLimit(), store: "one process" });
    });
  }
}
