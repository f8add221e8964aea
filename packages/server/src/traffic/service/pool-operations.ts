import type { ServiceRef, TrafficServiceDocument } from "@switchboard/proxy";
import type { WriteContext } from "../../kernel/index.js";
import { AppError } from "../../kernel/index.js";
import type { StoredDocument } from "../../store/index.js";
import { poolsInUse, requirePool } from "./routing-rules.js";
import { POOL_PATTERN, type PoolInput } from "./traffic-schemas.js";
import type { TrafficService } from "./traffic-service.js";

/** Adds a pool, or replaces the backends and release of one (a rollout of a new release into a pool). */
export function putPool(
  traffic: TrafficService,
  ref: ServiceRef,
  pool: string,
  body: PoolInput,
  context: WriteContext,
): Promise<StoredDocument<TrafficServiceDocument>> {
  if (!new RegExp(POOL_PATTERN).test(pool)) {
    throw new AppError("VALIDATION_FAILED", `Pool name "${pool}" is not valid.`, [
      { path: "pool", message: `must match ${POOL_PATTERN}` },
    ]);
  }
  return traffic.mutate(ref, {
    action: "traffic.pool.put",
    context,
    change: (doc) => {
      const existing = doc.pools.find((p) => p.name === pool);
      const next = {
        name: pool,
        release: body.release ?? existing?.release ?? null,
        backends: body.backends,
        healthCheckPath: body.healthCheckPath ?? existing?.healthCheckPath ?? "/healthz",
        drained: existing?.drained ?? false,
      };
      if (existing === undefined && doc.pools.length >= 16) {
        throw new AppError("CONFLICT", `Service ${doc.name} already has 16 pools; delete one first.`);
      }
      const pools = existing === undefined ? [...doc.pools, next] : doc.pools.map((p) => (p.name === pool ? next : p));
      return { ...doc, pools };
    },
  });
}

/** Removes a pool that no routing state, current or in the history, sends requests to. */
export function deletePool(
  traffic: TrafficService,
  ref: ServiceRef,
  pool: string,
  context: WriteContext,
): Promise<StoredDocument<TrafficServiceDocument>> {
  return traffic.mutate(ref, {
    action: "traffic.pool.delete",
    context,
    change: (doc) => {
      requirePool(doc, pool);
      if (poolsInUse(doc.routing).has(pool)) {
        throw new AppError("CONFLICT", `Pool ${pool} gets requests: switch away from it first.`);
      }
      if (doc.history.some((entry) => poolsInUse(entry.routing).has(pool))) {
        throw new AppError("CONFLICT", `Pool ${pool} is in the routing history, so back could return to it.`);
      }
      return { ...doc, pools: doc.pools.filter((p) => p.name !== pool) };
    },
  });
}
