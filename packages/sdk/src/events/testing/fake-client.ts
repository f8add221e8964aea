import { createEvaluator, type FeatureResult, type SdkPayload } from "@switchboard/core";
import type {
  ClientOptions,
  Context,
  EvaluationRecord,
  SwitchboardClient,
  VariationDetail,
} from "../../client/client-types.js";

/** A payload with an experiment (`checkout`), a targeted force (`banner`) and a plain default (`theme`). */
export const TEST_PAYLOAD: SdkPayload = {
  features: {
    checkout: {
      defaultValue: false,
      rules: [
        {
          id: "rule-exp",
          key: "checkout-exp",
          variations: [false, true],
          weights: [0.5, 0.5],
          hashAttribute: "id",
          meta: [{ key: "control" }, { key: "treatment" }],
        },
      ],
    },
    banner: { defaultValue: "a", rules: [{ id: "rule-jp", condition: { country: "jp" }, force: "b" }] },
    theme: { defaultValue: "light" },
  },
} as SdkPayload;

/** A flag client on the core evaluator with a fixed payload: evaluation, listeners and the context provider, no network. */
export class FakeClient implements SwitchboardClient {
  readonly source = "bootstrap" as const;
  readonly #evaluator;
  readonly #listeners = new Set<(record: EvaluationRecord) => void>();

  constructor(
    readonly options: ClientOptions = {},
    payload: SdkPayload = TEST_PAYLOAD,
  ) {
    this.#evaluator = createEvaluator(payload);
  }

  ready() {
    return Promise.resolve({ source: this.source, timedOut: false });
  }

  evaluate(key: string, context?: Context): FeatureResult {
    const attributes = context ?? this.options.contextProvider?.() ?? {};
    const result = this.#evaluator.evaluate(key, { attributes });
    for (const listener of this.#listeners) listener({ flagKey: key, context: attributes, result });
    return result;
  }

  isOn(key: string, context?: Context): boolean {
    return this.evaluate(key, context).on;
  }

  value<T>(key: string, defaultValue: T, context?: Context): T {
    const result = this.evaluate(key, context);
    return result.value === null || result.value === undefined ? defaultValue : (result.value as T);
  }

  variation<T = unknown>(key: string, context?: Context): VariationDetail<T> {
    const result = this.evaluate(key, context);
    return {
      value: result.value as T,
      variation: result.variationKey,
      reason: result.reason,
      ruleId: result.ruleId,
      inExperiment: result.inExperiment,
    };
  }

  on(): () => void {
    return () => undefined;
  }

  addEvaluationListener(listener: (record: EvaluationRecord) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  override(): void {}

  close(): Promise<void> {
    return Promise.resolve();
  }
}
