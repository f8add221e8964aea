import {
  createEvaluator,
  type Evaluator,
  type FeatureDefinition,
  FeatureLayers,
  parsePayload,
  patchEvaluator,
  type SavedGroups,
  type SdkPayload,
} from "@switchboard/core";

/** A payload's flag definitions as `PayloadState` keeps them: immutable, `withChanges` returns new ones. */
export interface FeatureSet {
  get(key: string): FeatureDefinition | undefined;
  /** These definitions with each key of `changes` set (null: removed); a flag added goes last. */
  withChanges(changes: ReadonlyMap<string, FeatureDefinition | null>): FeatureSet;
  /** The definitions as one frozen object. */
  toRecord(): Readonly<Record<string, FeatureDefinition>>;
}

/**
 * How a client turns what it receives into a payload and an evaluator. Node (and the default entry) validates every
 * payload up front (`validatingReader`); the browser entry trusts what the server validated and guards evaluation
 * instead (`trustedReader` in `trusted-reader.ts`), which keeps the validator out of the bundle. Either way a
 * payload that cannot be read is refused as a whole, and evaluation never throws.
 */
export interface PayloadReader {
  /** A frozen payload from JSON text or a parsed value; throws (a `PayloadError`) when it cannot be read. */
  parse(raw: unknown): SdkPayload;
  /** The evaluator of a payload `parse` returned. */
  evaluatorOf(payload: SdkPayload): Evaluator;
  /**
   * `patchEvaluator`, to keep compiled the flags an update leaves alone; absent, every update gets a new evaluator
   * (the browser entry: its flags compile lazily again, and the dependency tracking stays out of the bundle).
   */
  patch?: (previous: Evaluator, features: FeatureSet, changed: readonly string[], groups?: SavedGroups) => Evaluator;
  /** How flag definitions are kept: `FeatureLayers` (cheap patches of huge payloads) or a plain object (browsers). */
  featuresOf(features: Readonly<Record<string, FeatureDefinition | undefined>> | undefined): FeatureSet;
}

/** Validates every payload in full before it is used: a malformed one is refused, naming the field. */
export const validatingReader: PayloadReader = {
  parse: parsePayload,
  evaluatorOf: (payload) => createEvaluator(payload),
  // The features are `featuresOf`'s, so `FeatureLayers`.
  patch: (previous, features, changed, groups) => patchEvaluator(previous, features as FeatureLayers, changed, groups),
  featuresOf: FeatureLayers.of,
};
