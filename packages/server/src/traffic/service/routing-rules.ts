import {
  HISTORY_LIMIT,
  type RoutingHistoryEntry,
  type RoutingState,
  type RoutingTarget,
  type TrafficServiceDocument,
} from "@switchboard/proxy";
import type { ErrorDetail } from "../../kernel/index.js";
import { AppError, validationFailed } from "../../kernel/index.js";

/** Throws NOT_FOUND (naming the known pools) unless the service has `pool`. */
export function requirePool(doc: TrafficServiceDocument, pool: string, path = "pool"): void {
  if (doc.pools.some((p) => p.name === pool)) return;
  const known = doc.pools.map((p) => p.name).join(", ");
  throw new AppError(
    "NOT_FOUND",
    `Service ${doc.name} in ${doc.environment} has no pool "${pool}" (pools: ${known}).`,
    [{ path, message: `is not a pool of the service (pools: ${known})` }],
  );
}

/** Problems of a percent: out of range, or more than two decimals (buckets are 1/10,000). */
function percentProblem(percent: number): string | undefined {
  if (!(percent >= 0 && percent <= 100)) return "must be between 0 and 100";
  if (Math.abs(Math.round(percent * 100) - percent * 100) > 1e-6) return "may have at most two decimals";
  return undefined;
}

/**
 * The target of a weights map: all to one pool when one pool has 100, else a split of the pools with a share.
 * Throws VALIDATION_FAILED naming each bad weight, or NOT_FOUND for an unknown pool.
 */
export function targetOfWeights(doc: TrafficServiceDocument, weights: Record<string, number>): RoutingTarget {
  const problems: ErrorDetail[] = [];
  let sum = 0;
  for (const [pool, percent] of Object.entries(weights)) {
    requirePool(doc, pool, `weights.${pool}`);
    const problem = percentProblem(percent);
    if (problem !== undefined) problems.push({ path: `weights.${pool}`, message: problem });
    sum += Math.round(percent * 100);
  }
  if (problems.length === 0 && sum !== 10_000) {
    problems.push({ path: "weights", message: `must sum to 100 (got ${sum / 100})` });
  }
  if (problems.length > 0) throw validationFailed(problems);
  const shares = doc.pools.map((p) => ({ pool: p.name, percent: weights[p.name] ?? 0 })).filter((w) => w.percent > 0);
  const only = shares[0];
  if (shares.length === 1 && only !== undefined) return { kind: "pool", pool: only.pool };
  return { kind: "split", weights: shares };
}

/** Pools that receive requests in a routing state (the target's pools and override pools). */
export function poolsInUse(routing: RoutingState): Set<string> {
  const used = new Set(routing.overrides.map((o) => o.pool));
  if (routing.target.kind === "pool") used.add(routing.target.pool);
  else for (const w of routing.target.weights) if (w.percent > 0) used.add(w.pool);
  return used;
}

/** The document with `routing` in place and the replaced state pushed on the history (capped). */
export function withRouting(
  doc: TrafficServiceDocument,
  routing: RoutingState,
  current: TrafficServiceDocument["current"],
): TrafficServiceDocument {
  const replaced: RoutingHistoryEntry = { routing: doc.routing, ...doc.current };
  const history = [...doc.history, replaced].slice(-HISTORY_LIMIT);
  const used = poolsInUse(routing);
  // A pool that gets requests again is no longer drained.
  const pools = doc.pools.map((p) => (p.drained && used.has(p.name) ? { ...p, drained: false } : p));
  return { ...doc, pools, routing, history, current };
}

/** The document returned to its history entry at `index`, dropping that entry and every newer one. */
export function backTo(
  doc: TrafficServiceDocument,
  index: number,
  current: Omit<RoutingHistoryEntry, "routing">,
): TrafficServiceDocument {
  const entry = doc.history[index];
  if (entry === undefined) {
    throw new AppError(
      "CONFLICT",
      `Service ${doc.name} in ${doc.environment} has no previous routing state to go back to.`,
    );
  }
  const used = poolsInUse(entry.routing);
  const pools = doc.pools.map((p) => (p.drained && used.has(p.name) ? { ...p, drained: false } : p));
  return { ...doc, pools, routing: entry.routing, history: doc.history.slice(0, index), current };
}
