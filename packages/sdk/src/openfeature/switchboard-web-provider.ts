import {
  type EvaluationContext,
  type JsonValue,
  OpenFeatureEventEmitter,
  type Provider,
  ProviderEvents,
  type ResolutionDetails,
} from "@openfeature/web-sdk";
import type { Context, SwitchboardClient } from "../client/client-types.js";
import { toSwitchboardContext } from "./map-context.js";
import { PROVIDER_NAME, type SwitchboardProviderOptions } from "./provider-options.js";
import { resolveFlag } from "./resolve-flag.js";
import { relayClient } from "./watch-client.js";

type FlagType = "boolean" | "string" | "number" | "object";

/**
 * An OpenFeature provider for `@openfeature/web-sdk`: the static context is mapped once per change and every flag
 * resolves synchronously from the client's local payload.
 * @example await OpenFeature.setProviderAndWait(new SwitchboardWebProvider(client), { targetingKey: "u1" })
 */
export class SwitchboardWebProvider implements Provider {
  readonly metadata = { name: PROVIDER_NAME } as const;
  readonly runsOn = "client" as const;
  readonly events = new OpenFeatureEventEmitter();
  readonly #client: SwitchboardClient;
  readonly #options: SwitchboardProviderOptions;
  #stopWatching: (() => void) | undefined;
  #context: EvaluationContext | undefined;
  #attributes: Context = {};

  constructor(client: SwitchboardClient, options: SwitchboardProviderOptions = {}) {
    this.#client = client;
    this.#options = options;
  }

  /** The client this provider evaluates with. */
  get client(): SwitchboardClient {
    return this.#client;
  }

  /** Maps the static context, waits for the first payload and starts relaying changes as OpenFeature events. */
  async initialize(context?: EvaluationContext): Promise<void> {
    this.#attributesOf(context ?? {});
    this.#stopWatching?.();
    const handlers = {
      recovered: () => this.events.emit(ProviderEvents.Ready),
      changed: (keys: string[]) => this.events.emit(ProviderEvents.ConfigurationChanged, { flagsChanged: keys }),
      stale: (message: string) => this.events.emit(ProviderEvents.Stale, { message }),
    };
    await relayClient(this.#client, this.#options.readyTimeoutMs, handlers, (stop) => {
      this.#stopWatching = stop;
    });
  }

  /** Maps the new static context; evaluation is local, so nothing needs fetching. */
  onContextChange(_oldContext: EvaluationContext, newContext: EvaluationContext): void {
    this.#attributesOf(newContext);
  }

  /** Stops relaying events and, unless `closeClient` is false, closes the client. */
  async onClose(): Promise<void> {
    this.#stopWatching?.();
    this.#stopWatching = undefined;
    if (this.#options.closeClient !== false) await this.#client.close();
  }

  resolveBooleanEvaluation(flagKey: string, defaultValue: boolean, context: EvaluationContext) {
    return this.#resolve(flagKey, "boolean", defaultValue, context);
  }

  resolveStringEvaluation(flagKey: string, defaultValue: string, context: EvaluationContext) {
    return this.#resolve(flagKey, "string", defaultValue, context);
  }

  resolveNumberEvaluation(flagKey: string, defaultValue: number, context: EvaluationContext) {
    return this.#resolve(flagKey, "number", defaultValue, context);
  }

  resolveObjectEvaluation<T extends JsonValue>(flagKey: string, defaultValue: T, context: EvaluationContext) {
    return this.#resolve(flagKey, "object", defaultValue, context);
  }

  // The SDK passes the same static context object to every call until it changes: map it once.
  #attributesOf(context: EvaluationContext): Context {
    if (context !== this.#context) {
      this.#context = context;
      this.#attributes = toSwitchboardContext(context, this.#options.targetingKeyAttribute);
    }
    return this.#attributes;
  }

  #resolve<T extends JsonValue>(
    flagKey: string,
    type: FlagType,
    defaultValue: T,
    context: EvaluationContext,
  ): ResolutionDetails<T> {
    const attributes = this.#attributesOf(context);
    return resolveFlag(
      this.#client,
      flagKey,
      type,
      defaultValue,
      attributes,
      this.#options.disabledValue ?? "fallback",
    );
  }
}
