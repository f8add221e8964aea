import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import type { Dispatcher } from "undici";
import type { DataPlaneStatus, RoutingState, TrafficServiceSpec } from "../model/traffic-model.js";
import { choosePool, PoolChoice, pickUpstream } from "./choose-pool.js";
import type { HealthCheckOptions } from "./health-checker.js";
import { ProxyExchange } from "./proxy-exchange.js";
import { RequestScan, scanRequestHeaders } from "./proxy-headers.js";
import { ProxyRouting } from "./proxy-routing.js";
import { refuseUpgrade, tunnelUpgrade } from "./upgrade-tunnel.js";
import type { UpstreamOptions } from "./upstream.js";

/** Tuning of the built-in proxy; every field has a default. */
export interface BuiltinProxyOptions extends UpstreamOptions {
  health: HealthCheckOptions;
  /** How long `close` waits for requests in flight before it cuts the remaining connections. */
  closeGraceMs: number;
}

/** Defaults fit a development machine and small services. */
export const DEFAULT_PROXY_OPTIONS: BuiltinProxyOptions = {
  connectTimeoutMs: 2_000,
  headersTimeoutMs: 30_000,
  idleTimeoutMs: 60_000,
  connectionsPerBackend: 256,
  ejectMs: 1_000,
  health: { intervalMs: 2_000, timeoutMs: 1_000, healthyAfter: 2, unhealthyAfter: 2 },
  closeGraceMs: 5_000,
};

/**
 * The built-in data plane: an HTTP reverse proxy that routes each request to a pool by the current routing state
 * (sticky units, overrides, preview tokens), streams bodies both ways and tunnels upgrades.
 * @example const proxy = new BuiltinProxy(); proxy.apply(service, routing); await proxy.listen(8080, "127.0.0.1");
 */
export class BuiltinProxy {
  readonly routing: ProxyRouting;
  readonly server: Server;
  private readonly options: BuiltinProxyOptions;
  private readonly scan = new RequestScan();
  private readonly choice = new PoolChoice();

  constructor(options: Partial<BuiltinProxyOptions> = {}) {
    this.options = { ...DEFAULT_PROXY_OPTIONS, ...options };
    this.routing = new ProxyRouting(this.options, this.options.health);
    // Uploads and streams may run long; the idle and header timeouts bound slow clients instead.
    this.server = createServer({ requestTimeout: 0, headersTimeout: 60_000, keepAliveTimeout: 5_000 }, this.onRequest);
    this.server.on("upgrade", this.onUpgrade);
  }

  /** Makes `routing` the state of the service from the next request on (one assignment, no mix of states). */
  apply(service: TrafficServiceSpec, routing: RoutingState): void {
    this.routing.apply(service, routing);
  }

  /** Starts accepting connections; resolves with the bound port (useful with port 0). */
  async listen(port: number, host = "127.0.0.1"): Promise<AddressInfo> {
    await new Promise<void>((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(port, host, () => {
        this.server.off("error", reject);
        resolve();
      });
    });
    return this.server.address() as AddressInfo;
  }

  /** Pools, backend health and recent figures, in the traffic port's shape. */
  status(): DataPlaneStatus {
    const service = this.routing.service() ?? { name: "", environment: "" };
    return { service, pools: this.routing.poolStatuses(), at: new Date().toISOString() };
  }

  /** Stops accepting, lets requests in flight finish (up to `closeGraceMs`), then releases every socket and timer. */
  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeIdleConnections();
    const grace = setTimeout(() => this.server.closeAllConnections(), this.options.closeGraceMs);
    await closed;
    clearTimeout(grace);
    await this.routing.close();
  }

  private readonly onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    const startedMs = performance.now();
    const table = this.routing.table;
    const url = req.url ?? "";
    if (table === null) {
      answer(res, 503, "no routing state yet\n");
      return;
    }
    if (url.charCodeAt(0) !== 47) {
      answer(res, 400, "the request target must be a path\n");
      return;
    }
    const scan = scanRequestHeaders(req.rawHeaders, table, this.scan, req.socket.remoteAddress ?? "", "http", false);
    const choice = choosePool(table, scan, this.choice);
    const pool = choice.pool;
    const upstream = pool === undefined ? undefined : pickUpstream(pool);
    if (pool === undefined || upstream === undefined) {
      answer(res, 503, "no pool can take the request\n");
      return;
    }
    const options: Dispatcher.DispatchOptions = {
      path: url,
      method: req.method as Dispatcher.HttpMethod,
      headers: scan.forward,
      body: scan.hasBody ? req : null,
    };
    const setCookie = choice.setCookie;
    new ProxyExchange(res, pool, upstream, options, setCookie, startedMs, this.routing.retryTarget).start();
  };

  private readonly onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const table = this.routing.table;
    if (table === null) {
      refuseUpgrade(socket, 503, "Service Unavailable");
      return;
    }
    const scan = scanRequestHeaders(req.rawHeaders, table, this.scan, req.socket.remoteAddress ?? "", "http", true);
    const pool = choosePool(table, scan, this.choice).pool;
    const upstream = pool === undefined ? undefined : pickUpstream(pool);
    if (pool === undefined || upstream === undefined) {
      refuseUpgrade(socket, 503, "Service Unavailable");
      return;
    }
    pool.stats.inFlight++;
    tunnelUpgrade(req, socket, head, upstream, scan.forward, this.options.connectTimeoutMs, (failed) => {
      pool.stats.inFlight--;
      pool.stats.recordUpgrade(failed);
    });
  };
}

function answer(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { "content-type": "text/plain; charset=utf-8", "content-length": Buffer.byteLength(body) });
  res.end(body);
}
