import { BUCKETS, type BucketRange, bucketRanges, poolOfBucket, unitBucket } from "./bucket-ranges.js";
import { verifyPreviewToken } from "./preview-token.js";
import type { RoutingState, TrafficServiceSpec } from "./traffic-model.js";

/** What pool selection reads from a request; names are matched case-insensitively for headers. */
export interface RoutableRequest {
  header(name: string): string | undefined;
  cookie(name: string): string | undefined;
}

/** A routing decision compiled once per routing state, so the per-request work is a few lookups. */
export interface PoolSelector {
  /** The pool for one request; `random` (0 ≤ r < 1) places units without a sticky key, `nowSec` checks tokens. */
  select(request: RoutableRequest, random: number, nowSec: number): string | undefined;
}

/**
 * Compiles a service's routing state into a selector. Order: a valid preview token, then header overrides, then
 * the target (sticky units by `hash(seed, unit, 2)`, others at random).
 */
export function compilePoolSelector(service: TrafficServiceSpec, routing: RoutingState): PoolSelector {
  const ranges: BucketRange[] = bucketRanges(routing.target, service.pools);
  const pools = new Set(service.pools.map((p) => p.name));
  const { sticky, overrides } = routing;
  return {
    select(request, random, nowSec) {
      const token = request.header(service.preview.header);
      if (token !== undefined) {
        const pool = verifyPreviewToken(service.preview.secret, service, token, nowSec);
        if (pool !== undefined && pools.has(pool)) return pool;
      }
      for (const override of overrides) {
        if (request.header(override.header) === override.value) return override.pool;
      }
      if (routing.target.kind === "pool") return routing.target.pool;
      const unit = sticky === null ? undefined : readUnit(request, sticky);
      const bucket = unit === undefined ? Math.floor(random * BUCKETS) : unitBucket(service.seed, unit);
      return poolOfBucket(ranges, bucket);
    },
  };
}

function readUnit(request: RoutableRequest, sticky: NonNullable<RoutingState["sticky"]>): string | undefined {
  const value = sticky.source === "cookie" ? request.cookie(sticky.name) : request.header(sticky.name);
  return value === undefined || value === "" ? undefined : value;
}
