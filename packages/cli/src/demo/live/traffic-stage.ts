import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import {
  BuiltinProxy,
  DEFAULT_PROXY_OPTIONS,
  DEFAULT_WAIT_SECONDS,
  RoutingFollower,
  StatsReporter,
} from "@switchboard/proxy";

/** Answers of requests sent through the proxy: `failed` counts requests that got no answer from any release. */
export interface TrafficCounts {
  ok: number;
  badRelease: number;
  failed: number;
}

/**
 * The web service's two deployments behind the built-in proxy: pool `a` (the good release) and pool `b` (a bad
 * release whose pages fail a third of the time), with guests sending requests through the proxy.
 */
export interface TrafficStage {
  proxyUrl: string;
  backends: { a: string; b: string };
  counts: TrafficCounts;
  /** Starts the proxy (following the service's routing state) and the guests' requests. */
  start(serverUrl: string, token: string): Promise<void>;
  close(): Promise<void>;
}

async function backend(failEvery: number): Promise<Server> {
  let n = 0;
  const server = createServer((req, res) => {
    n++;
    if (req.url !== "/healthz" && failEvery > 0 && n % failEvery === 0) {
      res.statusCode = 500;
      res.end("template error");
      return;
    }
    res.end("ok");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return server;
}

const address = (server: Server) => `127.0.0.1:${(server.address() as AddressInfo).port}`;

export async function createTrafficStage(): Promise<TrafficStage> {
  const good = await backend(0);
  const bad = await backend(3);
  const proxy = new BuiltinProxy({ health: { ...DEFAULT_PROXY_OPTIONS.health, intervalMs: 500 } });
  const proxyAddress = await proxy.listen(0, "127.0.0.1");
  const proxyUrl = `http://127.0.0.1:${proxyAddress.port}`;
  const counts: TrafficCounts = { ok: 0, badRelease: 0, failed: 0 };
  let follower: RoutingFollower | undefined;
  let reporter: StatsReporter | undefined;
  let timer: NodeJS.Timeout | undefined;
  let sent = 0;
  const send = () => {
    const guest = `guest-${sent++ % 300}`;
    const req = httpRequest(`${proxyUrl}/rooms`, { headers: { cookie: `uid=${guest}` }, agent: false }, (res) => {
      res.resume();
      const status = res.statusCode ?? 0;
      if (status === 200) counts.ok++;
      else if (status === 500) counts.badRelease++;
      else counts.failed++;
    });
    req.on("error", () => counts.failed++);
    req.end();
  };
  return {
    proxyUrl,
    backends: { a: address(good), b: address(bad) },
    counts,
    async start(serverUrl, token) {
      const service = { environment: "production", name: "web" };
      follower = new RoutingFollower({
        serverUrl,
        token,
        service,
        pollMs: 100,
        waitSeconds: DEFAULT_WAIT_SECONDS,
        onChange: (view) => proxy.apply(view.service, view.routing),
        onError: () => {},
      });
      reporter = new StatsReporter({
        serverUrl,
        token,
        service,
        intervalMs: 500,
        figures: () => proxy.status().pools,
        onError: () => {},
      });
      await follower.start();
      reporter.start();
      timer = setInterval(send, 50);
    },
    async close() {
      if (timer) clearInterval(timer);
      follower?.stop();
      reporter?.stop();
      await proxy.close();
      await Promise.all([good, bad].map((server) => new Promise((resolve) => server.close(resolve))));
    },
  };
}
