import type { FeatureDefinition } from "@switchboard/core";
import type { FeatureSet } from "./payload-reader.js";

type Definitions = Readonly<Record<string, FeatureDefinition | undefined>>;

/**
 * Flag definitions as one plain object, copied on every patch: the browser entry's `FeatureSet`, smaller than
 * `FeatureLayers`, whose layering pays off only for payloads of thousands of flags patched often (servers).
 * Same key order as `FeatureLayers`: a patched flag keeps its place, an added one goes last.
 */
export function plainFeatures(definitions: Definitions | undefined): FeatureSet {
  const record = definitions ?? {};
  return {
    get: (key) => (Object.hasOwn(record, key) ? record[key] : undefined),
    withChanges(changes) {
      const next: Record<string, FeatureDefinition | undefined> = { ...record };
      for (const [key, definition] of changes) {
        // A removed flag loses its place; `defineProperty`, as assigning `__proto__` would replace the prototype.
        if (definition === null || !Object.hasOwn(next, key) || next[key] === undefined) delete next[key];
        if (definition !== null)
          Object.defineProperty(next, key, { value: definition, enumerable: true, writable: true, configurable: true });
      }
      return plainFeatures(Object.freeze(next));
    },
    toRecord: () => record as Readonly<Record<string, FeatureDefinition>>,
  };
}
