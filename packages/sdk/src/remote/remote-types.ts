/** The attributes the server evaluates flags for (`{ targetingKey, country, … }`); `targetingKey` or `id` is the unit. */
export type RemoteContext = Record<string, unknown>;

/** One flag as the server evaluated it (an OFREP success). */
export interface RemoteFlag {
  value: unknown;
  /** The variation key, when the flag has one. */
  variant?: string;
  reason: string;
}

export interface RemoteClientOptions {
  /** The Switchboard server, e.g. `https://flags.example.com`. */
  url: string;
  /** A client SDK key (the stream a browser can open carries it in the path, as GrowthBook's does). */
  sdkKey: string;
  /** Whom to evaluate for; change it with `setContext`. */
  context?: RemoteContext;
  /** `stream` (default): evaluate again whenever the flags change on the server; `none`: once per context. */
  updates?: "stream" | "none";
  /** `fetch` to use (tests, proxies); default the global one. */
  fetch?: typeof fetch;
  /** `EventSource` to use (tests, polyfills); default the global one. Without one, values are read once. */
  EventSource?: typeof EventSource;
  /** Where problems are written; default `console.warn`. They are never thrown. */
  logger?: (message: string) => void;
}

/** Events a remote client emits. */
export interface RemoteClientEvents {
  /** New values arrived; `keys` are the flags whose value or variant changed. */
  change: { keys: string[] };
  /** A problem that did not stop the client (network, a refused key); the last known values stay in service. */
  error: { message: string };
}

/**
 * Flags evaluated by the server for one context, so the page never sees rules: the same `isOn`/`value` reads as the
 * local client, synchronous, never throwing, serving the last known values while the server is unreachable.
 */
export interface RemoteClient {
  /** Resolves once values arrived, or after `timeoutMs` (default 5,000) with `timedOut: true`; never rejects. */
  ready(options?: { timeoutMs?: number }): Promise<{ timedOut: boolean }>;
  isOn(key: string): boolean;
  /** The flag's value, or `defaultValue` when the flag is unknown or its value is of another type. */
  value<T>(key: string, defaultValue: T): T;
  /** The flag as evaluated (value, variant, reason), or `undefined` when the server did not answer for it. */
  flag(key: string): RemoteFlag | undefined;
  /** Evaluates for another context (a sign-in); resolves when its values arrived or the request failed. */
  setContext(context: RemoteContext): Promise<void>;
  on<E extends keyof RemoteClientEvents>(event: E, listener: (payload: RemoteClientEvents[E]) => void): () => void;
  /** Closes the stream; the last values keep answering. */
  close(): void;
}
