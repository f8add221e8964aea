import type { SdkPayload } from "../payload/payload-types.js";
import type { Evaluator } from "./evaluator-types.js";
import type { FeatureTable } from "./feature-table.js";
import { ruleVariations } from "./rule-experiment.js";

/** The evaluator's calls, closures that are safe to pass around detached from the evaluator. */
export type EvaluatorCalls = Pick<Evaluator, "evaluate" | "getValue" | "runExperiment">;

/**
 * An evaluator over one payload. The listings are getters computed on first read; they live on the prototype,
 * because accessors among an object's own properties slow down every `evaluator.evaluate` call.
 */
export class PayloadEvaluator implements Evaluator {
  // Declared, not defined: a field first set to undefined and then to the closure loses the constness the JIT
  // uses to inline calls through it.
  declare readonly evaluate: Evaluator["evaluate"];
  declare readonly getValue: Evaluator["getValue"];
  declare readonly runExperiment: Evaluator["runExperiment"];
  readonly #features: FeatureTable;
  readonly #payload: SdkPayload;
  readonly #warnings: readonly string[];
  #flagKeys: readonly string[] | undefined;
  #stickyBucketAttributes: readonly string[] | undefined;
  #completeWarnings: readonly string[] | undefined;

  constructor(calls: EvaluatorCalls, features: FeatureTable, payload: SdkPayload, warnings: readonly string[]) {
    this.evaluate = calls.evaluate;
    this.getValue = calls.getValue;
    this.runExperiment = calls.runExperiment;
    this.#features = features;
    this.#payload = payload;
    this.#warnings = warnings;
  }

  get flagKeys(): readonly string[] {
    this.#flagKeys ??= Object.freeze(this.#features.keys());
    return this.#flagKeys;
  }

  get stickyBucketAttributes(): readonly string[] {
    this.#stickyBucketAttributes ??= Object.freeze(stickyAttributes(this.#payload));
    return this.#stickyBucketAttributes;
  }

  /** Compiles every flag not compiled yet on first read, so the list covers the whole payload. */
  get warnings(): readonly string[] {
    if (this.#completeWarnings === undefined) {
      this.#features.compileAll(false);
      this.#completeWarnings = Object.freeze([...this.#warnings]);
    }
    return this.#completeWarnings;
  }
}

/** Hash and fallback attributes of every experiment rule: the sticky-bucket documents a host should load. */
function stickyAttributes(payload: SdkPayload): string[] {
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
