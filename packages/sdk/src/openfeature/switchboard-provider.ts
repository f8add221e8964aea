import {
  type EvaluationContext,
  type JsonValue,
  OpenFeatureEventEmitter,
  type Provider,
  ProviderEvents,
  type ResolutionDetails,
} from "@openfeature/server-sdk";
import type { SwitchboardClient } from "../client/client-types.js";
import { toSwitchboardContext } from "./map-context.js";
import { PROVIDER_NAME, type SwitchboardProviderOptions } from "./provider-options.js";
import { resolveFlag } from "./resolve-flag.js";
import { relayClient } from "./watch-client.js";

/**
 * An OpenFeature provider for `@openfeature/server-sdk` that evaluates locally through a Switchboard client,
 * with the context of each call.
 * @example await OpenFeature.setProviderAndWait(new SwitchboardProvider(createClient({ url, sdkKey })))
 */
export class SwitchboardProvider implements Provider {
  readonly metadata = { name: PROVIDER_NAME } as const;
  readonly runsOn = "server" as const;
  readonly events = new OpenFeatureEventEmitter();
  readonly #client: SwitchboardClient;
  readonly #options: SwitchboardProviderOptions;
  #stopWatching: (() => void) | undefined;

  constructor(client: SwitchboardClient, options: SwitchboardProviderOptions = {}) {
    this.#client = client;
    this.#options = options;
  }

  /** The client this provider evaluates with. */
  get client(): SwitchboardClient {
    return this.#client;
  }

  /** Waits for the client's first payload and starts relaying its changes as OpenFeature events. */
  async initialize(): Promise<void> {
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

  /** Stops relaying events and, unless `closeClient` is false, closes the client. */
  async onClose(): Promise<void> {
    this.#stopWatching?.();
    this.#stopWatching = undefined;
    if (this.#options.closeClient !== false) await this.#client.close();
  }

  async resolveBooleanEvaluation(
    flagKey: string,
    defaultValue: boolean,
    context: EvaluationContext,
  ): Promise<ResolutionDetails<boolean>> {
    return this.#resolve(flagKey, "boolean", defaultValue, context);
  }

  async resolveStringEvaluation(
    flagKey: string,
    defaultValue: string,
    context: EvaluationContext,
  ): Promise<ResolutionDetails<string>> {
    return this.#resolve(flagKey, "string", defaultValue, context);
  }

  async resolveNumberEvaluation(
    flagKey: string,
    defaultValue: number,
    context: EvaluationContext,
  ): Promise<ResolutionDetails<number>> {
    return this.#resolve(flagKey, "number", defaultValue, context);
  }

  async resolveObjectEvaluation<T extends JsonValue>(
    flagKey: string,
    defaultValue: T,
    context: EvaluationContext,
  ): Promise<ResolutionDetails<T>> {
    return this.#resolve(flagKey, "object", defaultValue, context);
  }

  #resolve<T extends JsonValue>(
    flagKey: string,
    type: "boolean" | "string" | "number" | "object",
    defaultValue: T,
    context: EvaluationContext,
  ): ResolutionDetails<T> {
    const attributes = toSwitchboardContext(context, this.#options.targetingKeyAttribute);
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
