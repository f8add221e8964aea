import { compileCondition } from "../condition/compile-condition.js";
import { chooseVariation } from "../hash/choose-variation.js";
import { getBucketRanges } from "../hash/get-bucket-ranges.js";
import { getEqualWeights } from "../hash/get-equal-weights.js";
import { getQueryStringOverride } from "../hash/get-query-string-override.js";
import { hash } from "../hash/hash.js";
import { inNamespace } from "../hash/in-namespace.js";
import { decryptPayloadPart } from "../payload/decrypt.js";
import type { BucketRange, Condition, Namespace, SavedGroups } from "../payload/payload-types.js";
import type { CaseRunner } from "./conformance-types.js";
import { findDifference } from "./loose-equal.js";

// The suite compares weights and ranges after flooring to 8 decimals, as floating sums differ in the last bits.
const round = (n: number): number => Math.floor(n * 1e8) / 1e8;
const roundAll = (values: readonly number[]): number[] => values.map(round);

/** Runners of the sections that test one helper function each, keyed by section name. */
export const UTILITY_SECTIONS: Readonly<Record<string, CaseRunner>> = {
  hash: ([seed, value, version, expected]) =>
    findDifference(hash(seed as string, value as string, version as number), expected),
  getBucketRange: ([, args, expected]) => {
    const [count, coverage, weights] = args as [number, number, number[] | null];
    const actual = getBucketRanges(count, coverage, weights ?? undefined).map((r) => roundAll(r));
    return findDifference(
      actual,
      (expected as BucketRange[]).map((r) => roundAll(r)),
    );
  },
  chooseVariation: ([, n, ranges, expected]) =>
    findDifference(chooseVariation(n as number, ranges as BucketRange[]), expected),
  getQueryStringOverride: ([, key, url, count, expected]) =>
    findDifference(getQueryStringOverride(key as string, url as string, count as number), expected),
  inNamespace: ([, id, namespace, expected]) =>
    findDifference(inNamespace(id as string, namespace as Namespace), expected),
  getEqualWeights: ([count, expected]) =>
    findDifference(roundAll(getEqualWeights(count as number)), roundAll(expected as number[])),
  evalCondition: ([, condition, attributes, expected, savedGroups]) => {
    const matches = compileCondition(condition as Condition, (savedGroups ?? {}) as SavedGroups);
    return findDifference(matches(attributes as Record<string, unknown>), expected);
  },
  decrypt: async ([, encrypted, key, expected]) => {
    let actual: string | null = null;
    try {
      actual = await decryptPayloadPart(encrypted as string, key as string);
    } catch {
      actual = null;
    }
    return findDifference(actual, expected);
  },
};
