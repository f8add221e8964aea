import { createEvaluator, type Evaluator, type FeatureResult, type SdkPayload } from "@switchboard/core";
import type {
  ClientEvents,
  ClientOptions,
  ClientStatus,
  Context,
  EvaluationRecord,
  PayloadSource,
  ReadyState,
  SwitchboardClient,
  VariationDetail,
} from "../../client/client-types.js";

type Listener<E extends keyof ClientEvents> = (payload: ClientEvents[E]) => void;

/**
 * A client that evaluates a payload in memory with the core evaluator, whose readiness and events the test drives:
 * `ready()` waits for `resolveReady`, `emit` raises client events, `setPayload` swaps the payload and emits `change`.
 */
export class FakeClient implements SwitchboardClient {
  readonly options: Readonly<ClientOptions> = {};
  source: PayloadSource = "none";
  closed = false;
  readonly evaluated: EvaluationRecord[] = [];
  #evaluator: Evaluator;
  #readyState: Promise<ReadyState>;
  #settleReady: (state: ReadyState) => void = () => {};
  #listeners = new Map<keyof ClientEvents, Set<Listener<never>>>();
  #evaluationListeners = new Set<(record: EvaluationRecord) => void>();
  #overrides = new Map<string, string>();

  constructor(payload: SdkPayload, options: { ready?: "now" | "later" } = {}) {
    this.#evaluator = createEvaluator(payload);
    this.#readyState = new Promise((resolve) => {
      this.#settleReady = resolve;
    });
    if (options.ready !== "later") this.resolveReady({ source: "bootstrap", timedOut: false });
  }

  resolveReady(state: ReadyState): void {
    this.source = state.source;
    this.#settleReady(state);
  }

  setPayload(payload: SdkPayload, keys: string[]): void {
    this.#evaluator = createEvaluator(payload);
    this.source = "server";
    this.emit("change", { keys });
  }

  emit<E extends keyof ClientEvents>(event: E, payload: ClientEvents[E]): void {
    for (const listener of this.#listeners.get(event) ?? []) (listener as Listener<E>)(payload);
  }

  ready(): Promise<ReadyState> {
    return this.#readyState;
  }

  status(): ClientStatus {
    if (this.closed) return { state: "closed", source: this.source };
    return { state: this.source === "none" ? "starting" : "ready", source: this.source };
  }

  evaluate(key: string, context: Context = {}): FeatureResult {
    const result = this.#evaluator.evaluate(key, { attributes: context });
    const record = { flagKey: key, context, result };
    this.evaluated.push(record);
    for (const listener of this.#evaluationListeners) listener(record);
    return result;
  }

  isOn(key: string, context?: Context): boolean {
    return this.evaluate(key, context).on;
  }

  value<T>(key: string, defaultValue: T, context?: Context): T {
    const result = this.evaluate(key, context);
    return result.reason === "ERROR" ? defaultValue : (result.value as T);
  }

  variation<T = unknown>(key: string, context?: Context): VariationDetail<T> {
    const result = this.evaluate(key, context);
    const detail: VariationDetail<T> = {
      value: result.value as T,
      variation: this.#overrides.get(key) ?? result.variationKey,
      reason: result.reason,
      ruleId: result.ruleId,
      inExperiment: result.inExperiment,
    };
    if (result.errorCode !== undefined) detail.errorCode = result.errorCode;
    return detail;
  }

  on<E extends keyof ClientEvents>(event: E, listener: Listener<E>): () => void {
    let set = this.#listeners.get(event);
    if (set === undefined) {
      set = new Set();
      this.#listeners.set(event, set);
    }
    set.add(listener as Listener<never>);
    return () => set.delete(listener as Listener<never>);
  }

  addEvaluationListener(listener: (record: EvaluationRecord) => void): () => void {
    this.#evaluationListeners.add(listener);
    return () => this.#evaluationListeners.delete(listener);
  }

  override(key: string, variation: string | undefined): void {
    if (variation === undefined) this.#overrides.delete(key);
    else this.#overrides.set(key, variation);
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}
