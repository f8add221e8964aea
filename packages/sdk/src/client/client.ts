import { type FeatureResult, overrideResult, plainResult, type SdkPayload } from "@switchboard/core";
import { CacheWriter } from "./cache-writer.js";
import type {
  ClientEvents,
  ClientOptions,
  ClientStatus,
  Context,
  EvaluationRecord,
  FlagReader,
  OverridableClient,
  PayloadCache,
  PayloadSource,
  ReadyState,
  VariationDetail,
} from "./client-types.js";
import { ListenerSet } from "./listener-set.js";
import { type Overrides, resolveOverrideValue } from "./local-overrides.js";
import type { PayloadReader } from "./payload-reader.js";
import { PayloadState } from "./payload-state.js";
import { detailOf, typedResult } from "./result-views.js";
import type { Scheduler } from "./scheduler.js";
import type { ClientLog, ServerFailure, ServerWatch } from "./server-watch.js";

const NO_OVERRIDES: Overrides = Object.freeze({});
const DEFAULT_READY_TIMEOUT_MS = 5_000;

type Emitters = { [E in keyof ClientEvents]: ListenerSet<ClientEvents[E]> };

/** The client behind `createClient`: payload state, listeners and never-throwing evaluation. */
export class Client implements OverridableClient {
  readonly options: Readonly<ClientOptions>;
  readonly log: ClientLog;
  readonly #state: PayloadState;
  readonly #scheduler: Scheduler;
  readonly #emitters: Emitters;
  readonly #evaluations: ListenerSet<EvaluationRecord>;
  readonly #overrides = new Map<string, string>();
  readonly #waiters = new Set<(state: ReadyState) => void>();
  #cacheWriter: CacheWriter | undefined;
  /** Whether a source may still deliver a first payload (the cache being read, the server). */
  #expecting = 0;
  #stopUpdates: (() => Promise<void>) | undefined;
  #health: ServerWatch | undefined;
  #closed = false;

  /** `log` gets the host's logger (`options.logger`, else `console.warn`) and the scheduler's clock. */
  constructor(
    options: ClientOptions,
    scheduler: Scheduler,
    reader: PayloadReader,
    log: (sink: (message: string) => void, nowMs: () => number) => ClientLog,
  ) {
    this.options = options;
    this.#state = new PayloadState(reader);
    this.#scheduler = scheduler;
    this.log = log(options.logger ?? defaultLogger, () => scheduler.nowMs());
    const onListenerError = (error: unknown) => this.log.warn("listener", `a listener threw: ${String(error)}`);
    this.#emitters = {
      change: new ListenerSet(onListenerError),
      ready: new ListenerSet(onListenerError),
      error: new ListenerSet(onListenerError),
    };
    this.#evaluations = new ListenerSet(onListenerError);
  }

  get source(): PayloadSource {
    return this.#state.source;
  }

  status(): ClientStatus {
    const source = this.#state.source;
    const health = this.#health;
    const state = this.#closed ? "closed" : stateOf(source, health, this.#expecting > 0);
    const status: ClientStatus = { state, source };
    if (health?.lastError !== undefined) status.lastError = { ...health.lastError };
    if (health?.lastUpdateAt !== undefined) status.lastUpdateAt = health.lastUpdateAt;
    return status;
  }

  /** The payload in service (frozen). */
  get payload(): SdkPayload {
    return this.#state.payload;
  }

  ready(options: { timeoutMs?: number } = {}): Promise<ReadyState> {
    if (this.#state.source !== "none" || this.#expecting === 0) {
      return Promise.resolve({ source: this.#state.source, timedOut: false });
    }
    const timeoutMs = options.timeoutMs ?? DEFAULT_READY_TIMEOUT_MS;
    return new Promise((resolve) => {
      const waiter = (state: ReadyState) => {
        this.#scheduler.clearTimeout(timer);
        resolve(state);
      };
      const timer = this.#scheduler.setTimeout(() => {
        this.#waiters.delete(waiter);
        this.log.warn("ready-timeout", `no payload within ${timeoutMs} ms: serving defaults until one arrives`);
        resolve({ source: "none", timedOut: true });
      }, timeoutMs);
      this.#waiters.add(waiter);
    });
  }

  isOn(key: string, context?: Context): boolean {
    return this.#evaluate(key, context, NO_OVERRIDES).on === true;
  }

  value<T>(key: string, defaultValue: T, context?: Context): T {
    return this.#typed(key, defaultValue, context, NO_OVERRIDES).value;
  }

  variation<T = unknown>(key: string, context?: Context): VariationDetail<T> {
    return detailOf<T>(this.#evaluate(key, context, NO_OVERRIDES));
  }

  evaluate(key: string, context?: Context): FeatureResult {
    return this.#evaluate(key, context, NO_OVERRIDES);
  }

  withOverrides(overrides: Readonly<Record<string, string>>): FlagReader {
    const own: Overrides = { ...overrides };
    return {
      isOn: (key, context) => this.#evaluate(key, context, own).on === true,
      value: (key, defaultValue, context) => this.#typed(key, defaultValue, context, own).value,
      variation: <T>(key: string, context?: Context) => detailOf<T>(this.#evaluate(key, context, own)),
      evaluate: (key, context) => this.#evaluate(key, context, own),
    };
  }

  on<E extends keyof ClientEvents>(event: E, listener: (payload: ClientEvents[E]) => void): () => void {
    const emitter = this.#emitters[event] as ListenerSet<ClientEvents[E]> | undefined;
    return emitter === undefined ? () => undefined : emitter.add(listener);
  }

  addEvaluationListener(listener: (record: EvaluationRecord) => void): () => void {
    return this.#evaluations.add(listener);
  }

  override(key: string, variation: string | undefined): void {
    if (variation === undefined) this.#overrides.delete(key);
    else this.#overrides.set(key, String(variation));
    this.#emitters.change.emit({ keys: [key] });
  }

  async close(): Promise<void> {
    await this.#stopUpdates?.();
    this.#stopUpdates = undefined;
    this.#closed = true;
    this.#settle();
    await this.#cacheWriter?.idle();
  }

  #typed<T>(key: string, defaultValue: T, context: Context | undefined, overrides: Overrides): FeatureResult<T> {
    return this.#evaluate(key, context, overrides, defaultValue, true) as FeatureResult<T>;
  }

  #evaluate(key: string, context: Context | undefined, overrides: Overrides, fallback?: unknown, typed = false) {
    const attributes = this.#contextOf(context);
    let result: FeatureResult;
    try {
      const forced =
        overrides !== NO_OVERRIDES && Object.hasOwn(overrides, key)
          ? overrides[key]
          : this.#overrides.size === 0
            ? undefined
            : this.#overrides.get(key);
      result =
        forced === undefined
          ? this.#state.evaluator.evaluate(key, { attributes })
          : overrideResult(resolveOverrideValue(this.#state.payload, key, forced), forced);
      if (typed) result = typedResult(result, fallback);
    } catch (error) {
      this.log.warn("eval-threw", `evaluating "${key}" failed: ${String(error)}`);
      result = plainResult(fallback ?? null, "unknownFeature", "ERROR", null, "GENERAL");
    }
    if (result.errorCode !== undefined) this.#warnEvaluation(key, result);
    if (this.#evaluations.size > 0) this.#evaluations.emit({ flagKey: key, context: attributes, result });
    return result;
  }

  #contextOf(context: Context | undefined): Context {
    try {
      const chosen = context ?? this.options.contextProvider?.();
      return typeof chosen === "object" && chosen !== null ? chosen : {};
    } catch (error) {
      this.log.warn("context-provider", `the context provider threw: ${String(error)}`);
      return {};
    }
  }

  #warnEvaluation(key: string, result: FeatureResult): void {
    if (this.#state.source === "none") {
      this.log.warn("eval-not-ready", `"${key}" evaluated before any payload was loaded: serving the default`);
    } else {
      this.log.warn(`eval-${result.errorCode}-${key}`, `"${key}": ${result.errorCode}, serving the default`);
    }
  }

  /** Records a problem that did not stop the client: a rate-limited log line and an `error` event. */
  reportError(kind: string, message: string, cause?: unknown): void {
    this.log.warn(kind, message);
    this.#emitters.error.emit(cause === undefined ? { message } : { message, cause });
  }

  /** Installs a payload (`replace`) or patch; throws on a rejected one. Returns the changed keys. */
  accept(update: (state: PayloadState) => string[], persist: boolean): string[] {
    const first = this.#state.source === "none";
    const keys = update(this.#state);
    if (persist) {
      this.#health?.updated();
      this.#cacheWriter?.write(this.#state.payload);
    }
    if (keys.length > 0) this.#emitters.change.emit({ keys });
    if (first && this.#state.source !== "none") {
      this.#settle();
      this.#emitters.ready.emit({ source: this.#state.source, timedOut: false });
    }
    return keys;
  }

  /** Follows the server's answers from now on (the client has a `url`); `status()` reports from `health`. */
  watchServer<H extends ServerWatch>(health: H): H {
    this.#health = health;
    return health;
  }

  /** A request to the server failed: logged (the server's reason once), an `error` event, the status updated. */
  serverFailed(kind: string, failure: ServerFailure): void {
    this.#health?.failed(kind, failure);
    const cause = failure.cause;
    this.#emitters.error.emit(cause === undefined ? { message: failure.message } : { message: failure.message, cause });
  }

  /** Counts a source that may still deliver the first payload; the returned function marks it done. */
  expect(): () => void {
    this.#expecting++;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.#expecting--;
      if (this.#expecting === 0) this.#settle();
    };
  }

  attach(cache: PayloadCache | undefined, stopUpdates: (() => Promise<void>) | undefined): void {
    this.#cacheWriter =
      cache === undefined
        ? undefined
        : new CacheWriter(cache, (error) => this.reportError("cache-write", `cache: ${String(error)}`, error));
    this.#stopUpdates = stopUpdates;
  }

  #settle(): void {
    const state: ReadyState = { source: this.#state.source, timedOut: false };
    const waiters = [...this.#waiters];
    this.#waiters.clear();
    for (const waiter of waiters) waiter(state);
  }
}

/** The state `status()` reports, from what is in service and how the server last answered. */
function stateOf(source: PayloadSource, health: ServerWatch | undefined, loading: boolean): ClientStatus["state"] {
  if (health === undefined) return source !== "none" ? "ready" : loading ? "starting" : "error";
  // Until the server has answered or failed, a bootstrap or cached payload is as good as `ready()` says it is.
  if (health.answering !== false) return source !== "none" ? "ready" : "starting";
  return source !== "none" ? "stale" : "error";
}

function defaultLogger(message: string): void {
  console.warn(message);
}
