import type {
  DataPlaneStatus,
  PoolStatus,
  RoutingState,
  ServiceRef,
  TrafficBackend,
  TrafficServiceSpec,
} from "@switchboard/proxy";
import { compilePoolSelector, type PoolSelector, type RoutableRequest } from "@switchboard/proxy";
import { AppError } from "../kernel/index.js";

interface FakeService {
  spec: TrafficServiceSpec;
  routing: RoutingState;
  selector: PoolSelector;
  drained: Set<string>;
  stats: Map<string, Partial<PoolStatus>>;
}

const keyOf = (ref: ServiceRef): string => `${ref.environment}/${ref.name}`;

/** An in-memory data plane for tests: it routes requests with the real selector, and its stats are set by the test. */
export class FakeTrafficBackend implements TrafficBackend {
  readonly kind = "fake";
  readonly applied: { service: string; routing: RoutingState }[] = [];
  private readonly services = new Map<string, FakeService>();
  /** When set, the next `apply` throws it (a data plane that is down). */
  failNextApply: Error | undefined;

  async apply(service: TrafficServiceSpec, routing: RoutingState): Promise<void> {
    const failure = this.failNextApply;
    if (failure !== undefined) {
      this.failNextApply = undefined;
      throw failure;
    }
    const previous = this.services.get(keyOf(service));
    const drained = new Set(service.pools.filter((p) => p.drained).map((p) => p.name));
    this.services.set(keyOf(service), {
      spec: structuredClone(service),
      routing: structuredClone(routing),
      selector: compilePoolSelector(service, routing),
      drained,
      stats: previous?.stats ?? new Map(),
    });
    this.applied.push({ service: keyOf(service), routing: structuredClone(routing) });
  }

  async status(ref: ServiceRef): Promise<DataPlaneStatus> {
    const service = this.require(ref);
    const pools = service.spec.pools.map((pool): PoolStatus => {
      const drained = service.drained.has(pool.name);
      const base: PoolStatus = {
        pool: pool.name,
        healthy: true,
        backends: pool.backends.map((address) => ({ address, state: drained ? "drain" : "up" })),
        requestRate: 0,
        requestsTotal: 0,
        errorsTotal: 0,
        errorRate: 0,
        latencyMs: null,
      };
      return { ...base, ...service.stats.get(pool.name) };
    });
    return { service: { name: ref.name, environment: ref.environment }, pools, at: new Date().toISOString() };
  }

  async drain(ref: ServiceRef, pool: string): Promise<void> {
    this.require(ref).drained.add(pool);
  }

  async close(): Promise<void> {}

  /** Routes one request like a real data plane would and counts it; returns the pool, or undefined if unknown. */
  route(ref: ServiceRef, request: RoutableRequest, random = Math.random()): string | undefined {
    const service = this.require(ref);
    const pool = service.selector.select(request, random, Math.floor(Date.now() / 1000));
    if (pool === undefined || service.drained.has(pool)) return undefined;
    const stats = service.stats.get(pool) ?? {};
    service.stats.set(pool, { ...stats, requestsTotal: (stats.requestsTotal ?? 0) + 1 });
    return pool;
  }

  /** Overrides figures of a pool's status (error rate, latency, counters) as a test needs them. */
  setPoolStats(ref: ServiceRef, pool: string, stats: Partial<PoolStatus>): void {
    const service = this.require(ref);
    service.stats.set(pool, { ...service.stats.get(pool), ...stats });
  }

  /** The routing state last applied to a service, if any. */
  routingOf(ref: ServiceRef): RoutingState | undefined {
    return this.services.get(keyOf(ref))?.routing;
  }

  private require(ref: ServiceRef): FakeService {
    const service = this.services.get(keyOf(ref));
    if (service === undefined) throw new AppError("NOT_FOUND", `The data plane has no service ${keyOf(ref)}.`);
    return service;
  }
}
