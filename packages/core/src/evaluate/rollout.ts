import type { Attributes, BucketRange, FeatureRule } from "../payload/payload-types.js";
import { compileUnitHash, type FinishHashV2, type UnitHash } from "./unit-hash.js";

/** The percentage gate of a force rule: the unit's hash must fall in `range`, or at most `coverage`. */
export interface Rollout {
  readonly seed: string;
  readonly hashAttribute: string;
  /** Used when the hash attribute is missing and sticky bucketing is on; undefined when not allowed. */
  readonly fallbackAttribute: string | undefined;
  readonly unitHash: UnitHash;
  readonly range: BucketRange | undefined;
  readonly coverage: number;
}

/** Compiles the rollout of a force rule; undefined when the rule applies to everyone it matches. */
export function compileRollout(rule: FeatureRule, featureKey: string, finishHashV2: FinishHashV2): Rollout | undefined {
  if (rule.range === undefined && rule.coverage === undefined) return undefined;
  const seed = rule.seed || featureKey;
  return {
    seed,
    hashAttribute: rule.hashAttribute || "id",
    fallbackAttribute: rule.disableStickyBucketing ? undefined : rule.fallbackAttribute || undefined,
    unitHash: compileUnitHash(seed, rule.hashVersion || 1, finishHashV2),
    range: rule.range,
    coverage: rule.coverage ?? 1,
  };
}

/** The unit a rollout hashes: the hash attribute, else (sticky bucketing on) the fallback attribute. */
export function rolloutUnit(rollout: Rollout, attributes: Attributes, sticky: boolean): unknown {
  const unit = attributes[rollout.hashAttribute];
  if (unit || !sticky || rollout.fallbackAttribute === undefined) return unit;
  return attributes[rollout.fallbackAttribute];
}

/** The unit's bucket in [0, 1), -1 when the unit has no hash attribute, -2 for an unknown hash version. */
export function rolloutBucket(rollout: Rollout, attributes: Attributes, sticky: boolean): number {
  const unit = rolloutUnit(rollout, attributes, sticky);
  if (!unit) return -1;
  const n = rollout.unitHash(unit);
  return n < 0 ? -2 : n;
}

/** Whether a bucket is inside the rollout (`range` wins over `coverage`; coverage includes its bound). */
export function bucketInRollout(rollout: Rollout, bucket: number): boolean {
  const range = rollout.range;
  if (range !== undefined) return bucket >= range[0] && bucket < range[1];
  return bucket <= rollout.coverage;
}

/** Whether a unit passes a rollout. */
export function inRollout(rollout: Rollout, attributes: Attributes, sticky: boolean): boolean {
  if (rollout.range === undefined && rollout.coverage === 0) return false;
  const bucket = rolloutBucket(rollout, attributes, sticky);
  return bucket >= 0 && bucketInRollout(rollout, bucket);
}
