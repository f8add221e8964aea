import type { Attributes, FeatureResult, SdkPayload } from "@switchboard/core";
import type { BatchPoster } from "../events/batch-poster.js";

/** The attributes of whoever a flag is evaluated for (`{ id, country, os, … }`). */
export type Context = Attributes;

/** Where the payload in use came from. */
export type PayloadSource = "server" | "cache" | "bootstrap" | "none";

/** What `ready()` resolves with; it never rejects. */
export interface ReadyState {
  source: PayloadSource;
  /** True when the timeout passed before any payload arrived: defaults are being served. */
  timedOut: boolean;
}

/**
 * How the client is doing, as `status()` reports it:
 * - `starting`: nothing in service yet, no failure yet (the cache is being read, the server asked);
 * - `ready`: a payload is in service and current as far as the client knows (the server answers, or there is no
 *   server to ask by design);
 * - `stale`: a payload is in service but the server does not answer or refuses: flag changes are not arriving;
 * - `error`: no payload at all and none coming (the server fails or refuses, or there is nothing to load from):
 *   every evaluation serves its default;
 * - `closed`: `close()` was called.
 */
export type ClientState = "starting" | "ready" | "stale" | "error" | "closed";

/** The last failure of a request to the server. */
export interface ClientError {
  /** HTTP status when the server answered; absent when it could not be reached. */
  status?: number;
  /** The API's error code (`UNAUTHENTICATED`, `FORBIDDEN`, `BAD_REQUEST`, …) when the server sent one. */
  code?: string;
  /** What went wrong, with the server's own sentence when it gave one. */
  message: string;
  /** When it happened (ms since the epoch). */
  at: number;
}

/** What `client.status()` returns. */
export interface ClientStatus {
  state: ClientState;
  /** Where the payload in service came from. */
  source: PayloadSource;
  /** The last failed request, kept after recovery (compare `at` with `lastUpdateAt`). */
  lastError?: ClientError;
  /** When a payload or patch from the server was last put in service (ms since the epoch); absent until then. */
  lastUpdateAt?: number;
}

/** The typed answer of `variation()`. */
export interface VariationDetail<T = unknown> {
  value: T;
  variation: string | null;
  reason: FeatureResult["reason"];
  ruleId: string;
  inExperiment: boolean;
  errorCode?: FeatureResult["errorCode"];
}

/** One evaluation as listeners see it (exposure recording, the current event's assignment vector, tracing). */
export interface EvaluationRecord {
  flagKey: string;
  context: Context;
  result: FeatureResult;
}

/** Persistent storage of the last good payload (a file in Node, localStorage in browsers). */
export interface PayloadCache {
  read(): Promise<SdkPayload | undefined>;
  write(payload: SdkPayload): Promise<void>;
}

/** Events a client emits. */
export interface ClientEvents {
  /** The payload changed; `keys` are the flags whose definition changed. */
  change: { keys: string[] };
  ready: ReadyState;
  /** A problem that did not stop the client (network, a rejected payload); never thrown into the host. */
  error: { message: string; cause?: unknown };
}

export interface ClientOptions {
  /** The Switchboard server, e.g. `http://localhost:4242`; leave out to run only on bootstrap/cache. */
  url?: string;
  /** A server or client SDK key. */
  sdkKey?: string;
  /** Informational; the key decides the environment. */
  environment?: string;
  /** A payload to start from (object), or in Node a path to a JSON file. */
  bootstrap?: SdkPayload | string;
  /** Where to keep the last good payload; Node default: none; `true` picks the platform default. */
  cache?: PayloadCache | boolean;
  /** Live updates: `stream` (SSE, default), `poll` (ETag polling) or `none`. */
  updates?: "stream" | "poll" | "none";
  pollIntervalMs?: number;
  /** The release (git sha) this process runs, stamped on exposures and events. */
  release?: string;
  /** Supplies the context when an evaluation is made without one (the Node entry uses the request's). */
  contextProvider?: () => Context | undefined;
  /** Log sink for rate-limited warnings; default `console.warn`. */
  logger?: (message: string) => void;
  /** `fetch` to use (tests, proxies); default the global one. */
  fetch?: typeof fetch;
  /**
   * How event batches are POSTed when no `fetch` is given; default over the global `fetch`. The Node entry's
   * `createClient` sends them over `node:http`, a third of fetch's CPU per batch.
   */
  postEvents?: BatchPoster;
  /** Reconnection backoff of the stream and of failed polls; default: the server's `retry:` hint, doubling up to 30 s. */
  reconnect?: { initialDelayMs?: number; maxDelayMs?: number };
}

/** The evaluation methods alone, as `withOverrides()` returns them. */
export interface FlagReader {
  isOn(key: string, context?: Context): boolean;
  value<T>(key: string, defaultValue: T, context?: Context): T;
  variation<T = unknown>(key: string, context?: Context): VariationDetail<T>;
  evaluate(key: string, context?: Context): FeatureResult;
}

/** The client application code uses: local, synchronous evaluation that never throws. */
export interface SwitchboardClient {
  ready(options?: { timeoutMs?: number }): Promise<ReadyState>;
  isOn(key: string, context?: Context): boolean;
  value<T>(key: string, defaultValue: T, context?: Context): T;
  variation<T = unknown>(key: string, context?: Context): VariationDetail<T>;
  /** The full evaluation result (for providers); never throws. */
  evaluate(key: string, context?: Context): FeatureResult;
  on<E extends keyof ClientEvents>(event: E, listener: (payload: ClientEvents[E]) => void): () => void;
  /** Called after every evaluation; keep listeners cheap. Returns an unsubscribe function. */
  addEvaluationListener(listener: (record: EvaluationRecord) => void): () => void;
  /** Forces a variation (by key) of a flag in this process; `undefined` removes the override. */
  override(key: string, variation: string | undefined): void;

  /** The state of the connection and of the payload in service, with the last error; never throws. */
  status(): ClientStatus;

  readonly source: PayloadSource;
  readonly options: Readonly<ClientOptions>;
  close(): Promise<void>;
}

/** What `createClient` returns: the client contract plus per-evaluation overrides. */
export interface OverridableClient extends SwitchboardClient {
  /**
   * The same client with per-evaluation overrides (flag key → variation key) applied first, e.g. those of a
   * verified preview token (`previewOverridesFromRequest` in `@switchboard/sdk/node`).
   */
  withOverrides(overrides: Readonly<Record<string, string>>): FlagReader;
}
