import { FNV_OFFSET_BASIS, finishHashV1, fnvUpdate } from "./fnv.js";
import { finishHashV2 } from "./fnv-digits.js";

/**
 * Hashes a unit into [0, 1) the way GrowthBook does: v1 is FNV-1a of `value + seed` modulo 1000, v2 is FNV-1a of
 * the decimal FNV-1a of `seed + value` modulo 10000; any other version gives `null`.
 * @example hash("seed", "a", 2) // 0.0505
 */
export function hash(seed: string, value: string, version: number): number | null {
  if (version === 2) return finishHashV2(fnvUpdate(fnvUpdate(FNV_OFFSET_BASIS, seed), value));
  if (version === 1) return finishHashV1(fnvUpdate(fnvUpdate(FNV_OFFSET_BASIS, value), seed));
  return null;
}
