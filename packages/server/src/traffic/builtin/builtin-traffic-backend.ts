import { AppError } from "../../kernel/index.js";
import type { DataPlaneStatus, RoutingState, ServiceRef, TrafficServiceSpec } from "../model/traffic-model.js";
import type { TrafficBackend } from "../traffic-backend.js";
import { BuiltinProxy, type BuiltinProxyOptions } from "./builtin-proxy.js";

/** Where the proxy of a service listens; port 0 picks a free port. */
export interface ProxyListenAddress {
  host: string;
  port: number;
}

/** Options of the in-process data plane. */
export interface BuiltinTrafficBackendOptions {
  /** The address a service's proxy listens on, asked once when the service is first applied. */
  listenFor?: (service: ServiceRef) => ProxyListenAddress;
  proxy?: Partial<BuiltinProxyOptions>;
}

const keyOf = (ref: ServiceRef): string => `${ref.environment}/${ref.name}`;

/**
 * The built-in proxy as a `TrafficBackend`: one proxy per service, in this process, started on first `apply`.
 * Routing changes take effect with the next request after `apply` resolves.
 */
export class BuiltinTrafficBackend implements TrafficBackend {
  readonly kind = "builtin";
  private readonly proxies = new Map<string, { proxy: BuiltinProxy; url: string }>();
  private readonly starting = new Map<string, Promise<{ proxy: BuiltinProxy; url: string }>>();

  constructor(private readonly options: BuiltinTrafficBackendOptions = {}) {}

  async apply(service: TrafficServiceSpec, routing: RoutingState): Promise<void> {
    const { proxy } = await this.proxyFor(service, routing);
    proxy.apply(service, routing);
  }

  async status(ref: ServiceRef): Promise<DataPlaneStatus> {
    return this.require(ref).proxy.status();
  }

  async drain(ref: ServiceRef, pool: string): Promise<void> {
    try {
      this.require(ref).proxy.routing.drain(pool);
    } catch (error) {
      if (error instanceof AppError) throw error;
      throw new AppError("NOT_FOUND", error instanceof Error ? error.message : String(error));
    }
  }

  /** The base URL (`http://host:port`) where a service's proxy accepts requests. */
  urlOf(ref: ServiceRef): string {
    return this.require(ref).url;
  }

  /** Stops every proxy after the requests in flight complete. */
  async close(): Promise<void> {
    const proxies = [...this.proxies.values()];
    this.proxies.clear();
    await Promise.all(proxies.map(({ proxy }) => proxy.close()));
  }

  private async proxyFor(service: TrafficServiceSpec, routing: RoutingState) {
    const key = keyOf(service);
    const running = this.proxies.get(key);
    if (running !== undefined) return running;
    let start = this.starting.get(key);
    if (start === undefined) {
      start = this.start(service, routing);
      this.starting.set(key, start);
    }
    try {
      return await start;
    } finally {
      this.starting.delete(key);
    }
  }

  private async start(service: TrafficServiceSpec, routing: RoutingState) {
    const proxy = new BuiltinProxy(this.options.proxy);
    // Routing comes first so the proxy never answers a request without a state.
    proxy.apply(service, routing);
    const { host, port } = this.options.listenFor?.(service) ?? { host: "127.0.0.1", port: 0 };
    const bound = await proxy.listen(port, host);
    const running = { proxy, url: `http://${host.includes(":") ? `[${host}]` : host}:${bound.port}` };
    this.proxies.set(keyOf(service), running);
    return running;
  }

  private require(ref: ServiceRef) {
    const running = this.proxies.get(keyOf(ref));
    if (running === undefined) throw new AppError("NOT_FOUND", `The built-in proxy has no service ${keyOf(ref)}.`);
    return running;
  }
}
