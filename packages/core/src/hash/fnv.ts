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

/** Continues an FNV-1a hash over the decimal digits of a non-negative integer, without building the string. */
export function fnvUpdateDigits(state: number, value: number): number {
  let divisor = 1;
  while (divisor * 10 <= value) divisor *= 10;
  let h = state;
  let rest = value;
  while (divisor >= 1) {
    const digit = Math.floor(rest / divisor);
    rest -= digit * divisor;
    h = Math.imul(h ^ (48 + digit), FNV_PRIME);
    divisor /= 10;
  }
  return h >>> 0;
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
