import type { ClientOptions, OverridableClient } from "../client/client-types.js";
import { type ClientPlatform, createClientOn } from "../client/create-client.js";
import { localStorageCacheFor } from "../client/local-storage-cache.js";
import { systemScheduler } from "../client/scheduler.js";
import { trustedReader } from "../client/trusted-reader.js";

/**
 * The browser build of `@switchboard/sdk`, which bundlers choose by the `browser` export condition: the same API,
 * but payloads are not validated again in the page. The server validated every payload before serving it, so the
 * client checks only its outline and guards evaluation instead (a flag that is malformed all the same answers its
 * error result); the validator stays out of the bundle, and so does the `$regex` backtracking check (the server
 * refuses unsafe patterns on write). Each update gets a new, lazily compiled lean evaluator: no URL overrides or
 * sticky bucketing, which the client never passes, and none of the servers' speed specialisations (same answers).
 * Evaluation never throws, as everywhere (docs/sdk.md, "What the browser build does differently").
 */
export type * from "../client/client-types.js";

/** The browser platform with trusted payloads: `localStorage` cache, bootstrap strings are JSON text. */
const trustedBrowserPlatform: ClientPlatform = {
  scheduler: systemScheduler,
  payloads: trustedReader,
  defaultCache: (options) => localStorageCacheFor(options.sdkKey, trustedReader),
  readBootstrap: (text) => text,
};

/**
 * Creates a client: it serves the bootstrap payload at once, the cached one as soon as it is read, then the
 * server's, and keeps it current over a stream. Evaluation is local and synchronous and never throws.
 * @example const client = createClient({ url: "https://flags.example.com", sdkKey: "sb_client_…" });
 */
export function createClient(options: ClientOptions = {}): OverridableClient {
  return createClientOn(trustedBrowserPlatform, options);
}
