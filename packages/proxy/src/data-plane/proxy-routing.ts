import type {
  BackendStatus,
  PoolStatus,
  RoutingState,
  ServiceRef,
  TrafficServiceSpec,
} from "../model/traffic-model.js";
import { isServing, pickUpstream } from "./choose-pool.js";
import { HealthChecker, type HealthCheckOptions } from "./health-checker.js";
import { PoolStats } from "./pool-stats.js";
import { FIXED_HEADER_SLOTS } from "./proxy-headers.js";
import { compileRoutingTable, type RoutingTable, type TablePool } from "./routing-table.js";
import { Upstream, type UpstreamOptions } from "./upstream.js";

/**
 * The live routing of one service inside the proxy: the current table, the backends' connection pools and health
 * checks, and per-pool stats that survive routing changes. `apply` swaps the table in one assignment.
 */
export class ProxyRouting {
  /** The table new requests are routed by; null until the first `apply`. */
  table: RoutingTable | null = null;
  private readonly upstreams = new Map<string, Upstream>();
  private readonly stats = new Map<string, PoolStats>();
  private readonly health: HealthChecker;
  private readonly ticker: NodeJS.Timeout;

  constructor(
    private readonly upstreamOptions: UpstreamOptions,
    healthOptions: HealthCheckOptions,
  ) {
    this.health = new HealthChecker(healthOptions);
    this.ticker = setInterval(() => this.tick(), 1000);
    this.ticker.unref();
  }

  /** Routes new requests by `routing`; requests in flight finish on the backend they started on. */
  apply(service: TrafficServiceSpec, routing: RoutingState): void {
    const previous = this.table;
    if (
      previous !== null &&
      (previous.service.name !== service.name || previous.service.environment !== service.environment)
    ) {
      throw new Error(
        `this proxy serves ${previous.service.environment}/${previous.service.name}, not ${service.environment}/${service.name}`,
      );
    }
    const table = compileRoutingTable(
      service,
      routing,
      (name, addresses) => this.poolOf(name, addresses),
      FIXED_HEADER_SLOTS,
    );
    this.table = table;
    this.reconcile(table);
  }

  /** Stops new requests to a pool; requests in flight complete. */
  drain(pool: string): void {
    const table = this.table;
    if (table === null) throw new Error("no routing state has been applied yet");
    if (!table.byName.has(pool)) throw new Error(`service ${table.service.name} has no pool ${pool}`);
    const pools = table.service.pools.map((p) => (p.name === pool ? { ...p, drained: true } : p));
    this.apply({ ...table.service, pools }, table.routing);
  }

  /** Another backend for a request refused by `failed`: the same pool first, then the table's failover order. */
  readonly retryTarget = (pool: TablePool, failed: Upstream): { pool: TablePool; upstream: Upstream } | undefined => {
    for (const upstream of pool.upstreams) if (upstream !== failed && upstream.available) return { pool, upstream };
    const table = this.table;
    if (table === null) return undefined;
    for (const candidate of table.failover) {
      if (!isServing(candidate)) continue;
      const upstream = pickUpstream(candidate);
      if (upstream !== undefined && upstream !== failed) return { pool: candidate, upstream };
    }
    return undefined;
  };

  /** Health and figures of every pool of the current table. */
  poolStatuses(nowMs = performance.now()): PoolStatus[] {
    const table = this.table;
    if (table === null) return [];
    return table.pools.map((pool) => {
      const recent = pool.stats.recent(nowMs);
      const backends = pool.upstreams.map(
        (upstream): BackendStatus => ({
          address: upstream.address,
          state: pool.drained ? "drain" : upstream.available ? "up" : "down",
        }),
      );
      return {
        pool: pool.name,
        healthy: pool.upstreams.some((upstream) => upstream.available),
        backends,
        requestRate: recent.requestRate,
        requestsTotal: pool.stats.requests,
        errorsTotal: pool.stats.errors,
        errorRate: recent.errorRate,
        latencyMs: recent.latencyMs,
      };
    });
  }

  /** The live stats of a pool by name (latency histogram, in-flight count). */
  statsOf(pool: string): PoolStats | undefined {
    return this.stats.get(pool);
  }

  /** The service this proxy routes, once a state is applied. */
  service(): ServiceRef | null {
    const table = this.table;
    return table === null ? null : { name: table.service.name, environment: table.service.environment };
  }

  /** Stops health checks and closes backend connections once requests in flight complete. */
  async close(): Promise<void> {
    clearInterval(this.ticker);
    await this.health.close();
    await Promise.all([...this.upstreams.values()].map((upstream) => upstream.close()));
    this.upstreams.clear();
  }

  private poolOf(name: string, addresses: readonly string[]): TablePool {
    let stats = this.stats.get(name);
    if (stats === undefined) {
      stats = new PoolStats();
      this.stats.set(name, stats);
    }
    const upstreams = addresses.map((address) => {
      let upstream = this.upstreams.get(address);
      if (upstream === undefined) {
        upstream = new Upstream(address, this.upstreamOptions);
        this.upstreams.set(address, upstream);
      }
      return upstream;
    });
    return { name, upstreams, stats, drained: false, cursor: 0 };
  }

  /** Starts checks of new backends and retires backends no pool names any more (after their requests finish). */
  private reconcile(table: RoutingTable): void {
    const inUse = new Set<Upstream>();
    for (const spec of table.service.pools) {
      const pool = table.byName.get(spec.name);
      for (const upstream of pool?.upstreams ?? []) {
        inUse.add(upstream);
        this.health.watch(upstream, spec.healthCheckPath);
      }
    }
    for (const [address, upstream] of this.upstreams) {
      if (inUse.has(upstream)) continue;
      this.upstreams.delete(address);
      this.health.unwatch(upstream);
      void upstream.close();
    }
  }

  private tick(): void {
    const now = performance.now();
    for (const stats of this.stats.values()) stats.tick(now);
  }
}
