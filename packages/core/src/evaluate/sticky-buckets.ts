import type { Attributes, SdkPayload } from "../payload/payload-types.js";
import type { CompiledExperiment } from "./compile-experiment.js";
import type { StickyAssignmentDoc, StickyBucketStore } from "./evaluator-types.js";
import { ruleVariations } from "./rule-experiment.js";

/** A sticky assignment exists for an older, blocked bucket version: the unit is out of the experiment. */
export const STICKY_BLOCKED = -2;
/** No usable sticky assignment. */
export const STICKY_NONE = -1;

/** The key of a sticky-bucket document: `"<attributeName>||<attributeValue>"`. */
export function stickyBucketKey(attributeName: string, attributeValue: string): string {
  return `${attributeName}||${attributeValue}`;
}

/**
 * The attributes whose sticky-bucket documents a host should load before evaluating: the hash and fallback
 * attributes of every experiment rule of the payload.
 * @example for (const name of stickyBucketAttributes(payload)) load(stickyBucketKey(name, String(user[name])))
 */
export function stickyBucketAttributes(payload: SdkPayload): string[] {
  const attributes = new Set<string>();
  for (const feature of Object.values(payload.features ?? {})) {
    for (const rule of feature?.rules ?? []) {
      if (ruleVariations(rule) === undefined) continue;
      attributes.add(rule.hashAttribute || "id");
      if (rule.fallbackAttribute) attributes.add(rule.fallbackAttribute);
    }
  }
  return [...attributes];
}

/** How a unit value is written into sticky-bucket documents (strings as is, anything else as JSON). */
export function stickyValue(unit: unknown): string {
  return typeof unit === "string" ? unit : JSON.stringify(unit);
}

function docAssignments(store: StickyBucketStore, key: string): Record<string, string> | undefined {
  return Object.hasOwn(store.docs, key) ? store.docs[key]?.assignments : undefined;
}

/**
 * The variation a unit is stuck to in an experiment: its index, `STICKY_NONE`, or `STICKY_BLOCKED`.
 * Assignments under the hash attribute win over those under the fallback attribute.
 */
export function lookupStickyBucket(
  experiment: CompiledExperiment,
  attributes: Attributes,
  store: StickyBucketStore,
): number {
  const primaryUnit = attributes[experiment.hashAttribute];
  const primary = docAssignments(store, stickyBucketKey(experiment.hashAttribute, stickyValue(primaryUnit || "")));
  // GrowthBook looks the fallback up under `id` when the experiment names none.
  const fallbackAttribute = experiment.fallbackAttribute || "id";
  const fallbackUnit = attributes[fallbackAttribute];
  const fallback = fallbackUnit
    ? docAssignments(store, stickyBucketKey(fallbackAttribute, stickyValue(fallbackUnit)))
    : undefined;
  const assignmentOf = (key: string): string | undefined => {
    if (primary !== undefined && Object.hasOwn(primary, key)) return primary[key];
    return fallback !== undefined && Object.hasOwn(fallback, key) ? fallback[key] : undefined;
  };
  for (let version = 0; version < experiment.minBucketVersion; version++) {
    if (assignmentOf(`${experiment.key}__${version}`) !== undefined) return STICKY_BLOCKED;
  }
  const variationKey = assignmentOf(`${experiment.key}__${experiment.bucketVersion}`);
  if (variationKey === undefined) return STICKY_NONE;
  const index = experiment.metaKeys.indexOf(variationKey);
  return index < 0 ? STICKY_NONE : index;
}

/** Records a unit's variation in its sticky-bucket document, creating or replacing the document when it changes. */
export function saveStickyBucket(
  store: StickyBucketStore,
  attributeName: string,
  attributeValue: string,
  experimentKey: string,
  variationKey: string,
): void {
  const key = stickyBucketKey(attributeName, attributeValue);
  const existing = docAssignments(store, key) ?? {};
  if (Object.hasOwn(existing, experimentKey) && existing[experimentKey] === variationKey) return;
  const doc: StickyAssignmentDoc = { attributeName, attributeValue, assignments: { ...existing } };
  doc.assignments[experimentKey] = variationKey;
  store.docs[key] = doc;
  try {
    store.onSave?.(doc);
  } catch {
    // Persisting is the host's business; a failing callback must not change the evaluation.
  }
}
