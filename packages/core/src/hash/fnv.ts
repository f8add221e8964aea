/** FNV-1a 32-bit offset basis: the state of the hash before any character. */
export const FNV_OFFSET_BASIS = 0x811c9dc5;

/** FNV-1a 32-bit prime. */
export const FNV_PRIME = 0x01000193;

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

/** FNV-1a 32-bit hash of a string, as an unsigned integer. */
export function fnv1a32(text: string): number {
  return fnvUpdate(FNV_OFFSET_BASIS, text);
}

/**
 * `finishHashV2` without its digit tables: the same values, but it builds the decimal string (one allocation per
 * hash). For browser bundles, where the tables' code and their 10,000-step set-up at load cost more than the speed.
 */
export function finishHashV2Plain(state: number): number {
  return (fnvUpdate(FNV_OFFSET_BASIS, String(state)) % 10000) / 10000;
}

/** Finishes a v1 hash from the FNV state of `value + seed`, mapped to [0, 1) in steps of 0.001. */
export function finishHashV1(state: number): number {
  return (state % 1000) / 1000;
}
