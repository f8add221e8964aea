/** Pattern of flag, segment, experiment and environment names: lower case, digits, `.`, `_`, `-`; up to 100 chars. */
export const NAME_PATTERN = "^[a-z0-9][a-z0-9._-]{0,99}$";

/** Pattern of rule ids and variation keys: like names, but upper case and `:` are allowed too. */
export const ID_PATTERN = "^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$";

/** The attribute hashed for percentages and experiments when a rule names none. */
export const DEFAULT_HASH_ATTRIBUTE = "id";

/**
 * Hash version of new percentage and experiment rules. Version 2 spreads similar ids evenly (version 1 is
 * biased for them); it is written explicitly into every payload rule, because GrowthBook SDKs fall back to
 * version 1 when the field is missing, and bucketing must never change under a unit.
 */
export const DEFAULT_HASH_VERSION = 2;

/** The variations of a boolean flag that declares none. */
export const BOOLEAN_VARIATIONS: readonly { key: string; value: boolean }[] = [
  { key: "off", value: false },
  { key: "on", value: true },
];

/** The most ids an id-list segment may hold. */
export const MAX_SEGMENT_IDS = 100_000;

/** Id lists up to this size are inlined as `$in` into client payloads; bigger ones leave their flag out. */
export const CLIENT_INLINE_ID_LIMIT = 1_000;

/** How far the sum of experiment weights may be from 1. */
export const WEIGHT_SUM_TOLERANCE = 1e-6;

/** Equal weights for `count` variations that sum to exactly 1 (the last one takes the rounding rest). */
export function equalWeights(count: number): number[] {
  if (count <= 0) return [];
  const share = Math.round((1 / count) * 10_000) / 10_000;
  const weights = Array.from({ length: count }, () => share);
  weights[count - 1] = Math.round((1 - share * (count - 1)) * 10_000) / 10_000;
  return weights;
}
