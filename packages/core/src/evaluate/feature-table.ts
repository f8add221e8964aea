import type { FeatureDefinition } from "../payload/payload-types.js";
import { compileFeature } from "./compile-feature.js";
import type { CompiledFeature, EvalEnv, FeatureLookup } from "./eval-env.js";
import type { FeatureLayers } from "./feature-layers.js";
import { ANY_GROUP, groupReferences } from "./group-references.js";

/** What compiling a flag needs besides its definition, shared by every flag of one evaluator. */
export interface FeatureCompiler {
  readonly env: EvalEnv;
  readonly contextualBandits: unknown;
  /** Every warning found so far, in the order flags were compiled. */
  readonly warnings: string[];
  readonly onWarning: ((message: string) => void) | undefined;
}

/**
 * The flags of one payload by key, each compiled on its first lookup: loading a payload allocates nothing per
 * flag (the payload's own object is the index until then). Lookups hand out compiled flags only, so evaluation
 * call sites never see a flag in another state and stay monomorphic.
 */
export class FeatureTable implements FeatureLookup {
  #compiled = new Map<string, CompiledFeature>();
  /**
   * Parent flag → compiled flags whose rules name it in `parentConditions`; saved group (as `group:<name>`) →
   * compiled flags reading it.
   */
  #dependents = new Map<string, Set<string>>();
  /** The warnings each compiled flag raised, so a table built from this one can list the kept flags' warnings. */
  #warningsOf = new Map<string, readonly string[]>();

  readonly #definitions: FeatureLayers;
  readonly #compiler: FeatureCompiler;

  constructor(definitions: FeatureLayers, compiler: FeatureCompiler) {
    this.#definitions = definitions;
    this.#compiler = compiler;
  }

  /**
   * A table over `definitions` that takes over this table's compiled flags except `changed`, the flags reading a
   * changed saved group, and every flag that names one of those as a prerequisite, directly or not. This table
   * keeps working, but compiles afresh.
   */
  handOver(
    definitions: FeatureLayers,
    changed: Iterable<string>,
    compiler: FeatureCompiler,
    changedGroups: Iterable<string> = [],
  ): FeatureTable {
    const stale = new Set<string>();
    const pending = [...changed];
    for (const group of changedGroups) {
      pending.push(
        ...(this.#dependents.get(groupNode(group)) ?? []),
        ...(this.#dependents.get(groupNode(ANY_GROUP)) ?? []),
      );
    }
    for (let key = pending.pop(); key !== undefined; key = pending.pop()) {
      if (stale.has(key)) continue;
      stale.add(key);
      for (const dependent of this.#dependents.get(key) ?? []) pending.push(dependent);
    }
    const next = new FeatureTable(definitions, compiler);
    next.#compiled = this.#compiled;
    next.#dependents = this.#dependents;
    next.#warningsOf = this.#warningsOf;
    for (const key of stale) {
      next.#compiled.delete(key);
      next.#warningsOf.delete(key);
    }
    for (const warnings of next.#warningsOf.values()) compiler.warnings.push(...warnings);
    this.#compiled = new Map();
    this.#dependents = new Map();
    this.#warningsOf = new Map();
    return next;
  }

  /** The compiled flag, or undefined when the payload has no such flag; throws when the flag cannot compile. */
  get(key: string): CompiledFeature | undefined {
    return this.#compiled.get(key) ?? this.#compile(key);
  }

  /** Every flag key, in payload order. */
  keys(): string[] {
    return this.#definitions.keys();
  }

  /** Compiles every flag not compiled yet; `strict` rethrows a compile failure instead of leaving it to evaluation. */
  compileAll(strict: boolean): void {
    for (const key of this.keys()) {
      try {
        this.get(key);
      } catch (error) {
        if (strict) throw error;
      }
    }
  }

  #compile(key: string): CompiledFeature | undefined {
    const definition = this.#definitions.get(key);
    if (definition === undefined) return undefined;
    const { env, contextualBandits, warnings, onWarning } = this.#compiler;
    const found = warnings.length;
    let feature: CompiledFeature;
    try {
      feature = compileFeature(key, definition, contextualBandits, env, warnings);
    } catch (error) {
      // A later attempt finds the same warnings again.
      warnings.length = found;
      throw error;
    }
    this.#compiled.set(key, feature);
    this.#recordDependencies(key, definition);
    if (warnings.length > found) this.#warningsOf.set(key, warnings.slice(found));
    if (onWarning) for (let i = found; i < warnings.length; i++) onWarning(warnings[i] as string);
    return feature;
  }

  #recordDependencies(key: string, definition: FeatureDefinition): void {
    for (const rule of definition.rules ?? []) {
      for (const parent of rule.parentConditions ?? []) this.#depend(key, parent.id);
    }
    for (const group of groupReferences(definition)) this.#depend(key, groupNode(group));
  }

  #depend(key: string, on: string): void {
    let dependents = this.#dependents.get(on);
    if (dependents === undefined) {
      dependents = new Set();
      this.#dependents.set(on, dependents);
    }
    dependents.add(key);
  }
}

/** A saved group's node in the dependency map; the NUL keeps it apart from every flag key. */
function groupNode(name: string): string {
  return `\u0000group:${name}`;
}
