import { FNV_OFFSET_BASIS, finishHashV1, fnvUpdate } from "../hash/fnv.js";
import type { BucketRange, Filter, Namespace } from "../payload/payload-types.js";

/** Hashes one unit (a hash attribute's value) into [0, 1) for a constant seed; -1 for an unknown hash version. */
export type UnitHash = (unit: unknown) => number;

/** The text GrowthBook hashes for a unit: strings as is, anything else the way `seed + value` would print it. */
export function unitText(unit: unknown): string {
  return typeof unit === "string" ? unit : String(unit);
}

/** Maps a v2 FNV state to [0, 1): `finishHashV2`, or `finishHashV2Plain` in the lean evaluator (same values). */
export type FinishHashV2 = (state: number) => number;

/**
 * Compiles `hash(seed, unit, version)` for a constant seed; v2 hashes the seed once, here, instead of per call, and
 * is finished by `finishHashV2` (the evaluator's, see `EvalEnv`).
 */
export function compileUnitHash(seed: string, version: number, finishHashV2: FinishHashV2): UnitHash {
  if (version === 2) {
    const seedState = fnvUpdate(FNV_OFFSET_BASIS, seed);
    return (unit) => finishHashV2(fnvUpdate(seedState, unitText(unit)));
  }
  if (version === 1) return (unit) => finishHashV1(fnvUpdate(fnvUpdate(FNV_OFFSET_BASIS, unitText(unit)), seed));
  return () => -1;
}

/** A filter compiled once: the unit must hash into one of `ranges`. */
export interface CompiledFilter {
  readonly attribute: string;
  readonly seed: string;
  readonly unitHash: UnitHash;
  readonly ranges: readonly BucketRange[];
}

/** Compiles payload filters (hash version 2 unless stated, unit attribute `id` unless stated). */
export function compileFilters(filters: readonly Filter[], finishHashV2: FinishHashV2): CompiledFilter[] {
  return filters.map((f) => ({
    attribute: f.attribute || "id",
    seed: f.seed,
    unitHash: compileUnitHash(f.seed, f.hashVersion || 2, finishHashV2),
    ranges: f.ranges,
  }));
}

/** Whether a range list contains `n`. */
export function inAnyRange(n: number, ranges: readonly BucketRange[]): boolean {
  for (const range of ranges) if (n >= range[0] && n < range[1]) return true;
  return false;
}

/** Index of the first filter that excludes the unit, or -1 when every filter lets it through. */
export function failingFilter(filters: readonly CompiledFilter[], attributes: Record<string, unknown>): number {
  for (let i = 0; i < filters.length; i++) {
    const filter = filters[i] as CompiledFilter;
    const unit = attributes[filter.attribute];
    if (!unit) return i;
    const n = filter.unitHash(unit);
    if (n < 0 || !inAnyRange(n, filter.ranges)) return i;
  }
  return -1;
}

/** A namespace compiled once: units whose v1 hash with seed `__<id>` falls in `[start, end)` are in it. */
export interface CompiledNamespace {
  readonly unitHash: UnitHash;
  readonly start: number;
  readonly end: number;
}

/** Compiles a `[id, start, end]` namespace. */
export function compileNamespace(namespace: Namespace): CompiledNamespace {
  const seed = `__${namespace[0]}`;
  const unitHash: UnitHash = (unit) => finishHashV1(fnvUpdate(fnvUpdate(FNV_OFFSET_BASIS, unitText(unit)), seed));
  return { unitHash, start: namespace[1], end: namespace[2] };
}

/** Whether a unit is inside a compiled namespace. */
export function inCompiledNamespace(namespace: CompiledNamespace, unit: unknown): boolean {
  const n = namespace.unitHash(unit);
  return n >= namespace.start && n < namespace.end;
}
