/**
 * The SDK payload: what an SDK downloads and evaluates. Wire-compatible with the GrowthBook SDK payload
 * (features, savedGroups, optional AES-CBC encryption), so GrowthBook SDKs can read it unchanged.
 */

/** A JSON value as it appears in a payload. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** User/request attributes a condition is evaluated against. Values may be of any JSON type (or missing). */
export type Attributes = Record<string, unknown>;

/** A MongoDB-style condition over attributes, e.g. `{"country": "jp", "os": {"$in": ["macOS"]}}`. */
export type Condition = Record<string, unknown>;

/** Named conditions or id lists referenced by `$inGroup` / `$notInGroup` / `$savedGroups`. */
export type SavedGroups = Record<string, unknown>;

/** A half-open bucket range `[start, end)` in `[0, 1]`. */
export type BucketRange = [number, number];

/** `[namespaceId, start, end]`: the experiment only includes units whose namespace hash falls in `[start, end)`. */
export type Namespace = [string, number, number];

export interface Filter {
  attribute?: string;
  seed: string;
  hashVersion: number;
  ranges: BucketRange[];
}

export interface VariationMeta {
  key?: string;
  name?: string;
  passthrough?: boolean;
  [extra: string]: unknown;
}

export interface ParentCondition {
  id: string;
  condition: Condition;
  gate?: boolean;
}

/** One rule of a feature, in payload form. A rule with `force` forces a value; with `variations` it is an experiment. */
export interface FeatureRule {
  id?: string;
  condition?: Condition;
  parentConditions?: ParentCondition[];
  force?: unknown;
  variations?: unknown[];
  weights?: number[];
  key?: string;
  hashAttribute?: string;
  fallbackAttribute?: string;
  hashVersion?: number;
  disableStickyBucketing?: boolean;
  bucketVersion?: number;
  minBucketVersion?: number;
  range?: BucketRange;
  coverage?: number;
  namespace?: Namespace;
  ranges?: BucketRange[];
  meta?: VariationMeta[];
  filters?: Filter[];
  seed?: string;
  name?: string;
  phase?: string;
  tracks?: unknown[];
  /** Contextual bandit: the variations it picks among, and the bandit (in `contextualBandits`) that weighs them. */
  contextualVariations?: unknown[];
  contextualBanditRef?: string;
  [extra: string]: unknown;
}

export interface FeatureDefinition {
  defaultValue?: unknown;
  rules?: FeatureRule[];
  /** Switchboard extension (GrowthBook SDKs ignore it): the flag's variations, so results can name their key. */
  variations?: { key: string; value: unknown }[];
  /** Switchboard extension: the flag is switched off in this environment (kill switch); the reason is DISABLED. */
  disabled?: boolean;
  [extra: string]: unknown;
}

export interface SdkPayload {
  features?: Record<string, FeatureDefinition>;
  savedGroups?: SavedGroups;
  /** AES-CBC encrypted JSON of `features` ("iv.ciphertext", both base64). */
  encryptedFeatures?: string;
  encryptedSavedGroups?: string;
  dateUpdated?: string;
  /** Contextual bandits referenced by rules' `contextualBanditRef`. */
  contextualBandits?: Record<string, unknown>;
  [extra: string]: unknown;
}
