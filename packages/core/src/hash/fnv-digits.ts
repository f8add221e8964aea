import { FNV_OFFSET_BASIS, FNV_PRIME } from "./fnv.js";

/** Character codes of every 4-digit group "0000".."9999", so decimal digits need no division per digit. */
const DIGIT_GROUPS = new Uint8Array(40_000);
/** Leading zeros of every group when written in 4 digits, at most 3 (0 is written "0"). */
const LEADING_ZEROS = new Uint8Array(10_000);
for (let group = 0; group < 10_000; group++) {
  DIGIT_GROUPS[group * 4] = 48 + Math.floor(group / 1000);
  DIGIT_GROUPS[group * 4 + 1] = 48 + (Math.floor(group / 100) % 10);
  DIGIT_GROUPS[group * 4 + 2] = 48 + (Math.floor(group / 10) % 10);
  DIGIT_GROUPS[group * 4 + 3] = 48 + (group % 10);
  LEADING_ZEROS[group] = group >= 1000 ? 0 : group >= 100 ? 1 : group >= 10 ? 2 : 3;
}

/**
 * Continues an FNV-1a hash over the decimal digits of an integer in [0, 2^32), without building the string.
 * One function of three counted loops and no calls: the JIT inlines it whole or not at all, never a varying part
 * of it (helpers called per group were inlined differently from run to run, and the cost of a hash with them).
 */
export function fnvUpdateDigits(state: number, value: number): number {
  // value = high·10^8 + middle·10^4 + low, each group below 10^4; leading zero groups are skipped entirely.
  // `| 0` keeps the arithmetic in int32 (value < 2^32, so high < 43): divisions by constants become multiplies.
  const high = (value / 100_000_000) | 0;
  const rest = (value - high * 100_000_000) | 0;
  const middle = (rest / 10_000) | 0;
  const low = rest - middle * 10_000;
  let h = state;
  let at = high * 4;
  let end = at + 4;
  for (let i = high > 0 ? at + (LEADING_ZEROS[high] as number) : end; i < end; i++) {
    h = Math.imul(h ^ (DIGIT_GROUPS[i] as number), FNV_PRIME);
  }
  at = middle * 4;
  end = at + 4;
  const middleStart = high > 0 ? at : middle > 0 ? at + (LEADING_ZEROS[middle] as number) : end;
  for (let i = middleStart; i < end; i++) {
    h = Math.imul(h ^ (DIGIT_GROUPS[i] as number), FNV_PRIME);
  }
  at = low * 4;
  end = at + 4;
  for (let i = high > 0 || middle > 0 ? at : at + (LEADING_ZEROS[low] as number); i < end; i++) {
    h = Math.imul(h ^ (DIGIT_GROUPS[i] as number), FNV_PRIME);
  }
  return h >>> 0;
}

/** Finishes a v2 hash from the FNV state of `seed + value`: hashes the decimal digits again, maps to [0, 1). */
export function finishHashV2(state: number): number {
  return (fnvUpdateDigits(FNV_OFFSET_BASIS, state) % 10000) / 10000;
}
