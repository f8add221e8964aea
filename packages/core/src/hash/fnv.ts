/** FNV-1a 32-bit offset basis: the state of the hash before any character. */
export const FNV_OFFSET_BASIS = 0x811c9dc5;

/** FNV-1a 32-bit prime. */
const FNV_PRIME = 0x01000193;

/**
 * Continues an FNV-1a 32-bit hash from `state` over the UTF-16 code units of `text`; returns the new state.
 * Splitting a string in two and feeding both parts gives the same state as feeding the whole, which lets a
 * constant seed be hashed once at compile time.
 */
export function fnvUpdate(state: number, text: string): number {
  let h = state;
  for (let i = 0; i < text.length; i++) {
    h = Math.imul(h ^ text.charCodeAt(i), FNV_PRIME);
  }
  return h >>> 0;
}

/** Character codes of every 4-digit group "0000".."9999", so decimal digits need no division per digit. */
const DIGIT_GROUPS = new Uint8Array(40_000);
for (let group = 0; group < 10_000; group++) {
  DIGIT_GROUPS[group * 4] = 48 + Math.floor(group / 1000);
  DIGIT_GROUPS[group * 4 + 1] = 48 + (Math.floor(group / 100) % 10);
  DIGIT_GROUPS[group * 4 + 2] = 48 + (Math.floor(group / 10) % 10);
  DIGIT_GROUPS[group * 4 + 3] = 48 + (group % 10);
}

/** Hashes the digits of a group < 10000, all four when `padded`, else without leading zeros (at least one). */
function fnvUpdateGroup(state: number, group: number, padded: boolean): number {
  const at = group * 4;
  let first = 0;
  if (!padded) first = group >= 1000 ? 0 : group >= 100 ? 1 : group >= 10 ? 2 : 3;
  let h = state;
  for (let i = first; i < 4; i++) h = Math.imul(h ^ (DIGIT_GROUPS[at + i] as number), FNV_PRIME);
  return h;
}

/** Continues an FNV-1a hash over the decimal digits of an integer in [0, 2^32), without building the string. */
export function fnvUpdateDigits(state: number, value: number): number {
  // Three independent groups (the divisions do not wait on each other): value = high·10^8 + middle·10^4 + low.
  const high = Math.floor(value / 100_000_000);
  const middle = Math.floor(value / 10_000) % 10_000;
  const low = value % 10_000;
  let h = state;
  if (high > 0) {
    h = fnvUpdateGroup(h, high, false);
    h = fnvUpdateGroup(h, middle, true);
  } else if (middle > 0) {
    h = fnvUpdateGroup(h, middle, false);
  }
  return fnvUpdateGroup(h, low, high > 0 || middle > 0) >>> 0;
}

/** FNV-1a 32-bit hash of a string, as an unsigned integer. */
export function fnv1a32(text: string): number {
  return fnvUpdate(FNV_OFFSET_BASIS, text);
}

/** Finishes a v2 hash from the FNV state of `seed + value`: hashes the decimal digits again, maps to [0, 1). */
export function finishHashV2(state: number): number {
  return (fnvUpdateDigits(FNV_OFFSET_BASIS, state) % 10000) / 10000;
}

/** Finishes a v1 hash from the FNV state of `value + seed`, mapped to [0, 1) in steps of 0.001. */
export function finishHashV1(state: number): number {
  return (state % 1000) / 1000;
}
