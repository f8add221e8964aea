/*
 * The documented shape of an SDK payload as data, read by `validatePayload`: one table instead of a check function
 * per field keeps the browser bundle small, and one pass over it is both the fast path of large loads and the
 * source of problem paths. Fields not listed may hold any JSON value.
 */

/** What a scalar-ish field must be; the index into {@link KIND_PROBLEMS}. */
export const STRING = 0;
export const BOOLEAN = 1;
export const NUMBER = 2;
export const OBJECT = 3;
export const ARRAY = 4;
export const NUMBERS = 5;
export const RANGE = 6;
export const RANGES = 7;
export const NAMESPACE = 8;

/** The problem of a field of each kind that fails its check. */
export const KIND_PROBLEMS: readonly string[] = [
  "a string",
  "a boolean",
  "a finite number",
  "an object",
  "an array",
  "an array of numbers",
  "a range [start, end] of two numbers",
  "a namespace [id, start, end]",
].map((kind) => `must be ${kind}`);

/** The fields of an object: a kind, or the shape of a list's or a map's items. */
export type Shape = Readonly<Record<string, number | ListOf | MapOf>>;

/** An array of objects of one shape, each with the `required` fields. */
export class ListOf {
  constructor(
    readonly item: Shape,
    readonly required: readonly string[] = [],
  ) {}
}

/** An object keyed by names users chose (flag keys, group ids), whose values have one shape (or any JSON). */
export class MapOf {
  constructor(readonly item?: Shape) {}
}

const RULE: Shape = {
  id: STRING,
  key: STRING,
  hashAttribute: STRING,
  fallbackAttribute: STRING,
  seed: STRING,
  name: STRING,
  phase: STRING,
  contextualBanditRef: STRING,
  coverage: NUMBER,
  hashVersion: NUMBER,
  bucketVersion: NUMBER,
  minBucketVersion: NUMBER,
  disableStickyBucketing: BOOLEAN,
  condition: OBJECT,
  variations: ARRAY,
  contextualVariations: ARRAY,
  tracks: ARRAY,
  weights: NUMBERS,
  range: RANGE,
  ranges: RANGES,
  namespace: NAMESPACE,
  parentConditions: new ListOf({ id: STRING, condition: OBJECT, gate: BOOLEAN }, ["id"]),
  meta: new ListOf({ key: STRING, name: STRING, passthrough: BOOLEAN }),
  filters: new ListOf({ attribute: STRING, seed: STRING, hashVersion: NUMBER, ranges: RANGES }, ["seed", "ranges"]),
};

const FEATURE: Shape = {
  rules: new ListOf(RULE),
  variations: new ListOf({ key: STRING }, ["key"]),
  disabled: BOOLEAN,
};

const BANDIT: Shape = {
  banditVersion: NUMBER,
  contexts: new ListOf({ leafId: NUMBER, condition: OBJECT, weights: NUMBERS }),
};

/** The payload itself. */
export const PAYLOAD: Shape = {
  features: new MapOf(FEATURE),
  savedGroups: new MapOf(),
  contextualBandits: new MapOf(BANDIT),
  encryptedFeatures: STRING,
  encryptedSavedGroups: STRING,
  dateUpdated: STRING,
  experiments: ARRAY,
};
