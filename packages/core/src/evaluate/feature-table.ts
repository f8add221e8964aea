import type { FeatureDefinition } from "../payload/payload-types.js";
import { compileFeature } from "./compile-feature.js";
import type { CompiledFeature, EvalEnv, FeatureLookup } from "./eval-env.js";

/** Flag definitions by key, as a validated payload holds them. */
export type FeatureDefinitions = Readonly<Record<string, FeatureDefinition | undefined>>;

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
  private readonly compiled = new Map<string, CompiledFeature>();

  constructor(
    private readonly definitions: FeatureDefinitions,
    private readonly compiler: FeatureCompiler,
  ) {}

  /** The compiled flag, or undefined when the payload has no such flag; throws when the flag cannot compile. */
  get(key: string): CompiledFeature | undefined {
    return this.compiled.get(key) ?? this.compile(key);
  }

  /** Every flag key, in payload order. */
  keys(): string[] {
    const definitions = this.definitions;
    return Object.keys(definitions).filter((key) => definitions[key] !== undefined);
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

  private compile(key: string): CompiledFeature | undefined {
    if (!Object.hasOwn(this.definitions, key)) return undefined;
    const definition = this.definitions[key];
    if (definition === undefined) return undefined;
    const { env, contextualBandits, warnings, onWarning } = this.compiler;
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
    if (onWarning) for (let i = found; i < warnings.length; i++) onWarning(warnings[i] as string);
    return feature;
  }
}
