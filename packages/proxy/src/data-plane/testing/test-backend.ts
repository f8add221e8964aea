import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import type { Pool, RoutingState, TrafficServiceSpec } from "../../model/traffic-model.js";

/** A real HTTP backend on 127.0.0.1 that answers its own name, for proxy tests and benchmarks. */
export interface TestBackend {
  name: string;
  address: string;
  server: Server;
  /** Requests seen, by path. */
  hits: Map<string, number>;
  close(): Promise<void>;
}

/**
 * Starts a backend answering `name` on `/`; `/delay/<ms>` answers after a pause, `/hang` never answers,
 * `/headers` echoes the request headers as JSON, `/upload` answers the byte count of the body, `/stream/<n>`
 * sends n chunks of 64 KiB (counted in `hits` as `stream-finished` once written), `/healthz` says ok; an `Upgrade` request gets a 101 and an echo of every byte.
 */
export async function startTestBackend(name: string, port = 0): Promise<TestBackend> {
  const hits = new Map<string, number>();
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    const path = req.url ?? "/";
    hits.set(path, (hits.get(path) ?? 0) + 1);
    route(name, path, req, res, hits);
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });
  server.on("upgrade", (_req, socket: Socket, head: Buffer) => {
    sockets.add(socket);
    socket.write("HTTP/1.1 101 Switching Protocols\r\nupgrade: echo\r\nconnection: Upgrade\r\n\r\n");
    socket.write(`${name}:`);
    if (head.length > 0) socket.write(head);
    socket.pipe(socket);
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const { port: bound } = server.address() as AddressInfo;
  return {
    name,
    address: `127.0.0.1:${bound}`,
    server,
    hits,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}

function route(name: string, path: string, req: IncomingMessage, res: ServerResponse, hits: Map<string, number>): void {
  if (path === "/healthz") return void res.end("ok");
  if (path === "/hang") return;
  if (path === "/headers") return void res.end(JSON.stringify(req.headers));
  if (path.startsWith("/delay/")) {
    setTimeout(() => res.end(name), Number(path.slice(7)));
    return;
  }
  if (path === "/upload") {
    let bytes = 0;
    req.on("data", (chunk: Buffer) => {
      bytes += chunk.length;
    });
    req.on("end", () => res.end(`${name}:${bytes}`));
    return;
  }
  if (path.startsWith("/stream/")) {
    streamChunks(res, Number(path.slice(8)), () => hits.set("stream-finished", (hits.get("stream-finished") ?? 0) + 1));
    return;
  }
  res.writeHead(200, { "content-type": "text/plain", "content-length": name.length });
  res.end(name);
}

function streamChunks(res: ServerResponse, count: number, onEnd: () => void): void {
  const chunk = Buffer.alloc(64 * 1024, 120);
  let sent = 0;
  const write = (): void => {
    while (sent < count) {
      sent++;
      if (!res.write(chunk)) return void res.once("drain", write);
    }
    res.end(onEnd);
  };
  res.writeHead(200, { "content-type": "application/octet-stream" });
  write();
}

/** A service spec with one pool per backend group, health-checked on `/healthz`. */
export function serviceOf(pools: Record<string, readonly TestBackend[]>, name = "web"): TrafficServiceSpec {
  return {
    name,
    environment: "test",
    seed: `${name}-seed`,
    pools: Object.entries(pools).map(
      ([pool, backends]): Pool => ({
        name: pool,
        release: null,
        backends: backends.map((backend) => backend.address),
        healthCheckPath: "/healthz",
        drained: false,
      }),
    ),
    preview: { header: "x-switchboard-preview", secret: "00".repeat(32) },
  };
}

/** All traffic to one pool, without stickiness or overrides. */
export function allTo(pool: string): RoutingState {
  return { target: { kind: "pool", pool }, sticky: null, overrides: [] };
}
