import type { FeatureDefinition } from "../payload/payload-types.js";
import { compileFeature } from "./compile-feature.js";
import type { CompiledFeature, EvalEnv, FeatureLookup } from "./eval-env.js";

/** What compiling a flag needs besides its definition, shared by every flag of one evaluator. */
export interface FeatureCompiler {
  readonly env: EvalEnv;
  readonly contextualBandits: unknown;
  /** Every warning found so far, in the order flags were compiled. */
  readonly warnings: string[];
  readonly onWarning: ((message: string) => void) | undefined;
}

/** Flag definitions by key (`FeatureLayers`). */
export interface FeatureSource {
  get(key: string): FeatureDefinition | undefined;
  keys(): string[];
}

/**
 * The flags of one payload by key, each compiled on its first lookup: loading a payload allocates nothing per
 * flag (the payload's own object is the index until then). Lookups hand out compiled flags only, so evaluation
 * call sites never see a flag in another state and stay monomorphic. Tables that later hand their compiled flags
 * over to a patched payload are `PatchableFeatureTable`s; this one, the trusted browser path's, cannot, which keeps
 * the dependency tracking out of browser bundles.
 */
export class FeatureTable implements FeatureLookup {
  /** Compiled flags by key (handed over between patchable tables). */
  protected compiled: Map<string, CompiledFeature>;

  readonly #definitions: FeatureSource;
  readonly #compiler: FeatureCompiler;

  constructor(
    definitions: FeatureSource,
    compiler: FeatureCompiler,
    compiled: Map<string, CompiledFeature> = new Map(),
  ) {
    this.#definitions = definitions;
    this.#compiler = compiler;
    this.compiled = compiled;
  }

  /** The compiled flag, or undefined when the payload has no such flag; throws when the flag cannot compile. */
  get(key: string): CompiledFeature | undefined {
    return this.compiled.get(key) ?? this.#compile(key);
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

  /** Called once a flag compiled, with the warnings it raised (patchable tables record what it depends on). */
  protected onCompiled(_key: string, _definition: FeatureDefinition, _warnings: readonly string[]): void {}

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
    this.compiled.set(key, feature);
    this.onCompiled(key, definition, warnings.slice(found));
    if (onWarning) for (let i = found; i < warnings.length; i++) onWarning(warnings[i] as string);
    return feature;
  }
}
