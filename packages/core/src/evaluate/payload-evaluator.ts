import type { Evaluator } from "./evaluator-types.js";
import type { FeatureTable } from "./feature-table.js";

/** The evaluator's calls, closures that are safe to pass around detached from the evaluator. */
export type EvaluatorCalls = Pick<Evaluator, "evaluate" | "getValue">;

/**
 * An evaluator over one payload. The listings are getters computed on first read; they live on the prototype,
 * because accessors among an object's own properties slow down every `evaluator.evaluate` call.
 */
export class PayloadEvaluator implements Evaluator {
  // Declared, not defined: a field first set to undefined and then to the closure loses the constness the JIT
  // uses to inline calls through it.
  declare readonly evaluate: Evaluator["evaluate"];
  declare readonly getValue: Evaluator["getValue"];
  readonly #features: FeatureTable;
  readonly #warnings: readonly string[];
  #flagKeys: readonly string[] | undefined;
  #completeWarnings: readonly string[] | undefined;

  constructor(calls: EvaluatorCalls, features: FeatureTable, warnings: readonly string[]) {
    this.evaluate = calls.evaluate;
    this.getValue = calls.getValue;
    this.#features = features;
    this.#warnings = warnings;
  }

  get flagKeys(): readonly string[] {
    this.#flagKeys ??= Object.freeze(this.#features.keys());
    return this.#flagKeys;
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
