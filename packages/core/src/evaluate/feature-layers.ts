import type { FeatureDefinition } from "../payload/payload-types.js";

/** A patched flag: its definition (null once removed), and whether it now sits after the base's flags. */
interface Layer {
  readonly definition: FeatureDefinition | null;
  readonly appended: boolean;
}

// More patched flags than this, and the next patch folds them into a new base (amortized over as many patches).
const MAX_LAYERS = 256;

/**
 * The flag definitions of a payload as a base object plus the flags patched since, so a one-flag patch costs
 * one entry instead of copying 10,000. Immutable: `withChanges` returns a new value. `toRecord` gives the same
 * object, key order included, as copying the base and setting or deleting each patched key in turn would.
 * @example FeatureLayers.of(payload.features).withChanges(new Map([["x", null]])).get("x") // undefined
 */
export class FeatureLayers {
  #record: Readonly<Record<string, FeatureDefinition>> | undefined;

  readonly #base: Readonly<Record<string, FeatureDefinition | undefined>>;
  readonly #layers: ReadonlyMap<string, Layer>;

  private constructor(
    base: Readonly<Record<string, FeatureDefinition | undefined>>,
    layers: ReadonlyMap<string, Layer>,
  ) {
    this.#base = base;
    this.#layers = layers;
    if (layers.size === 0) this.#record = base as Readonly<Record<string, FeatureDefinition>>;
  }

  /** The definitions of a validated payload, read in place (not copied). */
  static of(features: Readonly<Record<string, FeatureDefinition | undefined>> | undefined): FeatureLayers {
    return new FeatureLayers(features ?? {}, new Map());
  }

  /** A flag's definition, or undefined when there is none. */
  get(key: string): FeatureDefinition | undefined {
    const layer = this.#layers.get(key);
    if (layer !== undefined) return layer.definition ?? undefined;
    return Object.hasOwn(this.#base, key) ? this.#base[key] : undefined;
  }

  /** Every flag key, in the order of `toRecord`. */
  keys(): string[] {
    const record = this.toRecord();
    return Object.keys(record).filter((key) => record[key] !== undefined);
  }

  /** These definitions with each key of `changes` set (null: removed). */
  withChanges(changes: ReadonlyMap<string, FeatureDefinition | null>): FeatureLayers {
    const layers = new Map(this.#layers);
    for (const [key, definition] of changes) {
      const present = this.get(key) !== undefined;
      const before = layers.get(key);
      if (definition === null) {
        layers.set(key, { definition: null, appended: false });
      } else if (present) {
        layers.set(key, { definition, appended: before?.appended ?? false });
      } else {
        // A flag (re-)added goes after the others, as assigning a new key to an object puts it.
        layers.delete(key);
        layers.set(key, { definition, appended: true });
      }
    }
    const next = new FeatureLayers(this.#base, layers);
    return layers.size > MAX_LAYERS ? FeatureLayers.of(next.toRecord()) : next;
  }

  /** The definitions as one frozen object (built on first call, then kept). */
  toRecord(): Readonly<Record<string, FeatureDefinition>> {
    if (this.#record !== undefined) return this.#record;
    const record: Record<string, FeatureDefinition> = {};
    for (const key of Object.keys(this.#base)) {
      const layer = this.#layers.get(key);
      const definition = layer === undefined ? this.#base[key] : layer.appended ? undefined : layer.definition;
      if (definition) assign(record, key, definition);
    }
    for (const [key, layer] of this.#layers)
      if (layer.appended && layer.definition) assign(record, key, layer.definition);
    this.#record = Object.freeze(record);
    return this.#record;
  }
}

function assign(record: Record<string, FeatureDefinition>, key: string, definition: FeatureDefinition): void {
  // Assigning `__proto__` would replace the prototype instead of adding a key.
  if (key === "__proto__") Object.defineProperty(record, key, { value: definition, enumerable: true, writable: true });
  else record[key] = definition;
}
