import type { FeatureDefinition } from "../payload/payload-types.js";
import type { CompiledFeature } from "./eval-env.js";
import { type FeatureCompiler, type FeatureSource, FeatureTable } from "./feature-table.js";
import { ANY_GROUP, groupReferences } from "./group-references.js";

/**
 * A `FeatureTable` that knows what each compiled flag depends on, so that a patched payload can take over every
 * compiled flag the patch leaves alone (`patchEvaluator`): the validating evaluator's table.
 */
export class PatchableFeatureTable extends FeatureTable {
  /**
   * Parent flag → compiled flags whose rules name it in `parentConditions`; saved group (as `group:<name>`) →
   * compiled flags reading it.
   */
  #dependents = new Map<string, Set<string>>();
  /** The warnings each compiled flag raised, so a table built from this one can list the kept flags' warnings. */
  #warningsOf = new Map<string, readonly string[]>();

  /**
   * A table over `definitions` that takes over this table's compiled flags except `changed`, the flags reading a
   * changed saved group, and every flag that names one of those as a prerequisite, directly or not. This table
   * keeps working, but compiles afresh.
   */
  handOver(
    definitions: FeatureSource,
    changed: Iterable<string>,
    compiler: FeatureCompiler,
    changedGroups: Iterable<string> = [],
  ): PatchableFeatureTable {
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
    const compiled: Map<string, CompiledFeature> = this.compiled;
    const next = new PatchableFeatureTable(definitions, compiler, compiled);
    next.#dependents = this.#dependents;
    next.#warningsOf = this.#warningsOf;
    for (const key of stale) {
      compiled.delete(key);
      next.#warningsOf.delete(key);
    }
    for (const warnings of next.#warningsOf.values()) compiler.warnings.push(...warnings);
    this.compiled = new Map();
    this.#dependents = new Map();
    this.#warningsOf = new Map();
    return next;
  }

  protected override onCompiled(key: string, definition: FeatureDefinition, warnings: readonly string[]): void {
    for (const rule of definition.rules ?? []) {
      for (const parent of rule.parentConditions ?? []) this.#depend(key, parent.id);
    }
    for (const group of groupReferences(definition)) this.#depend(key, groupNode(group));
    if (warnings.length > 0) this.#warningsOf.set(key, warnings);
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
