import { assembleClient, type ClientSources } from "../client/assemble-client.js";
import { Client } from "../client/client.js";
import type { ClientOptions, OverridableClient } from "../client/client-types.js";
import { localStorageCacheFor } from "../client/local-storage-cache.js";
import { systemScheduler } from "../client/scheduler.js";
import { trustedReader } from "../client/trusted-reader.js";
import { printingLog } from "./browser-health.js";
import { followServer } from "./event-source-updates.js";

/**
 * The browser build of `@switchboard/sdk`, which bundlers choose by the `browser` export condition: the same API,
 * but payloads are not validated again in the page. The server validated every payload before serving it, so the
 * client checks only its outline and guards evaluation instead (a flag that is malformed all the same answers its
 * error result); the validator stays out of the bundle, and so does the `$regex` backtracking check (the server
 * refuses unsafe patterns on write). Each update gets a new, lazily compiled lean evaluator: no URL overrides or
 * sticky bucketing, which the client never passes, and none of the servers' speed specialisations (same answers).
 * Live updates come over the platform's `EventSource`, `status()` keeps only the last failure's message, and
 * warnings are not rate-limited. Evaluation never throws, as everywhere (docs/sdk.md, "What the browser build does
 * differently").
 */
export type * from "../client/client-types.js";

/** `localStorage` cache, bootstrap strings are JSON text. */
const browserSources: ClientSources = {
  defaultCache: (options) => localStorageCacheFor(options.sdkKey, trustedReader),
  readBootstrap: (text) => text,
};

/**
 * Creates a client: it serves the bootstrap payload at once, the cached one as soon as it is read, then the
 * server's, and keeps it current over a stream. Evaluation is local and synchronous and never throws.
 * @example const client = createClient({ url: "https://flags.example.com", sdkKey: "sb_client_…" });
 */
export function createClient(options: ClientOptions = {}): OverridableClient {
  const client = new Client(options, systemScheduler, trustedReader, printingLog);
  return assembleClient(client, browserSources, options, (own, url) => followServer(own, url, systemScheduler));
}
