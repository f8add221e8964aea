import { bucketRanges } from "../model/bucket-ranges.js";
import type { RoutingState, TrafficServiceSpec } from "../model/traffic-model.js";
import type { PoolStats } from "./pool-stats.js";
import type { Upstream } from "./upstream.js";

/** One pool as the hot path sees it. */
export interface TablePool {
  name: string;
  upstreams: Upstream[];
  stats: PoolStats;
  drained: boolean;
  /** Round-robin position among the pool's backends. */
  cursor: number;
}

/** A header override compiled to the slot where the request scan stores the header's value. */
export interface CompiledOverride {
  slot: number;
  value: string;
  pool: TablePool;
}

/** The first slot of headers the routing state names (sticky, preview, overrides); lower slots are fixed headers. */
export const FIRST_DYNAMIC_SLOT = 16;

/**
 * An immutable routing decision for one service, swapped in with one assignment so every request is routed by
 * exactly one state; requests keep the table (and pools) they started with.
 */
export interface RoutingTable {
  service: TrafficServiceSpec;
  routing: RoutingState;
  pools: TablePool[];
  byName: ReadonlyMap<string, TablePool>;
  /** All traffic to one pool (null for a split). */
  fixedPool: TablePool | null;
  /** Exclusive upper bucket of each split range, and its pool. */
  rangeTo: Int32Array;
  rangePools: TablePool[];
  /** Where the sticky unit is read: none, a cookie, or a header (slot). */
  sticky: { source: "cookie"; cookie: string } | { source: "header"; slot: number } | null;
  previewSlot: number;
  overrides: CompiledOverride[];
  /** Lower-case names of the headers the scan must capture, with their slots. */
  headerSlots: ReadonlyMap<string, number>;
  /** Header names as clients spell them, with their slots (0: forwarded as is); learnt by the scan. */
  rawHeaderSlots: Map<string, number>;
  slotCount: number;
  /** Pools tried in order when the selected one is drained or has no healthy backend. */
  failover: TablePool[];
}

/** Compiles a service's spec and routing state against the proxy's live pools. */
export function compileRoutingTable(
  service: TrafficServiceSpec,
  routing: RoutingState,
  poolOf: (name: string, addresses: readonly string[]) => TablePool,
  fixedHeaderSlots: ReadonlyMap<string, number>,
): RoutingTable {
  const pools = service.pools.map((spec) => {
    const pool = poolOf(spec.name, spec.backends);
    pool.drained = spec.drained;
    return pool;
  });
  const byName = new Map(pools.map((pool) => [pool.name, pool]));
  const find = (name: string): TablePool => {
    const pool = byName.get(name);
    if (pool === undefined) throw new Error(`routing names pool ${name}, which service ${service.name} lacks`);
    return pool;
  };
  const headerSlots = new Map(fixedHeaderSlots);
  const slotOf = (header: string): number => {
    const name = header.toLowerCase();
    const existing = headerSlots.get(name);
    if (existing !== undefined && existing >= FIRST_DYNAMIC_SLOT) return existing;
    const slot = FIRST_DYNAMIC_SLOT + (headerSlots.size - fixedHeaderSlots.size);
    headerSlots.set(name, slot);
    return slot;
  };
  const ranges = bucketRanges(routing.target, service.pools);
  const target = routing.target;
  const sticky = routing.sticky;
  const previewSlot = slotOf(service.preview.header);
  const overrides = routing.overrides.map((o) => ({ slot: slotOf(o.header), value: o.value, pool: find(o.pool) }));
  return {
    service,
    routing,
    pools,
    byName,
    fixedPool: target.kind === "pool" ? find(target.pool) : null,
    rangeTo: Int32Array.from(ranges.map((range) => range.to)),
    rangePools: ranges.map((range) => find(range.pool)),
    sticky:
      sticky === null
        ? null
        : sticky.source === "cookie"
          ? { source: "cookie", cookie: sticky.name }
          : { source: "header", slot: slotOf(sticky.name) },
    previewSlot,
    overrides,
    headerSlots,
    rawHeaderSlots: new Map(headerSlots),
    slotCount: FIRST_DYNAMIC_SLOT + (headerSlots.size - fixedHeaderSlots.size),
    failover: failoverOrder(
      pools,
      ranges.map((range) => range.pool),
    ),
  };
}

/** Pools with a share first (in pool order), then the others, so a failover prefers pools already serving. */
function failoverOrder(pools: readonly TablePool[], served: readonly string[]): TablePool[] {
  const inTarget = pools.filter((pool) => served.includes(pool.name));
  return [...inTarget, ...pools.filter((pool) => !served.includes(pool.name))];
}
