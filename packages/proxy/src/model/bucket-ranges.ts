import { hash } from "@switchboard/core";
import type { Pool, RoutingTarget } from "./traffic-model.js";

/** Buckets per unit interval: `hash(seed, unit, 2)` yields multiples of 1/10,000, so percents keep two decimals. */
export const BUCKETS = 10_000;

/** A half-open range of buckets `[from, to)` that goes to one pool. */
export interface BucketRange {
  pool: string;
  from: number;
  to: number;
}

/**
 * The bucket ranges of a target, laid out in the service's pool order (not the weights' order) so that when one
 * pool's share grows, the units already in it stay: ramping B from 10% to 25% only moves units from A to B.
 */
export function bucketRanges(target: RoutingTarget, pools: readonly Pick<Pool, "name">[]): BucketRange[] {
  if (target.kind === "pool") return [{ pool: target.pool, from: 0, to: BUCKETS }];
  const ranges: BucketRange[] = [];
  let from = 0;
  for (const { name } of pools) {
    const weight = target.weights.find((w) => w.pool === name);
    if (weight === undefined || weight.percent <= 0) continue;
    const to = Math.min(BUCKETS, from + Math.round(weight.percent * 100));
    ranges.push({ pool: name, from, to });
    from = to;
  }
  const last = ranges[ranges.length - 1];
  if (last !== undefined) last.to = BUCKETS;
  return ranges;
}

/** The bucket of a unit, 0..9,999: the same FNV-1a v2 hashing flags use, so the assignment is reproducible anywhere. */
export function unitBucket(seed: string, unit: string): number {
  return Math.floor((hash(seed, unit, 2) ?? 0) * BUCKETS);
}

/** The pool whose range holds `bucket`; the last range when rounding left a gap. */
export function poolOfBucket(ranges: readonly BucketRange[], bucket: number): string | undefined {
  for (const range of ranges) if (bucket >= range.from && bucket < range.to) return range.pool;
  return ranges[ranges.length - 1]?.pool;
}

/** The percent each pool receives, all-to-one included, e.g. `{ a: 90, b: 10 }`. */
export function percentByPool(target: RoutingTarget): Record<string, number> {
  if (target.kind === "pool") return { [target.pool]: 100 };
  return Object.fromEntries(target.weights.map((w) => [w.pool, w.percent]));
}
