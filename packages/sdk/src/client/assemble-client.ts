import type { SdkPayload } from "@switchboard/core";
import type { Client } from "./client.js";
import type { ClientOptions, PayloadCache } from "./client-types.js";

/** What every entry does around a new client: bootstrap, cache, and the entry's own way of following the server. */
export interface ClientSources {
  /** The cache `cache: true` stands for. */
  defaultCache(options: ClientOptions): PayloadCache | undefined;
  /** Turns a string `bootstrap` into a payload (JSON text in browsers, a file path in Node). */
  readBootstrap(bootstrap: string): unknown;
}

/**
 * Loads the bootstrap payload (or else reads the cache) into `client`, then lets `follow` keep it current from the
 * server when there is a `url`; `follow` returns how to stop. Kept apart from the update loop, so the browser entry
 * can follow the server its own way without bundling the loop.
 */
export function assembleClient<C extends Client>(
  client: C,
  sources: ClientSources,
  options: ClientOptions,
  follow: (client: C, url: string) => () => Promise<void>,
): C {
  const bootstrapped = loadBootstrap(client, sources, options.bootstrap);
  const cache = options.cache === true ? sources.defaultCache(options) : options.cache || undefined;
  if (!bootstrapped && cache !== undefined) readCache(client, cache);
  const stop = options.url !== undefined && options.url !== "" ? follow(client, options.url) : undefined;
  client.attach(cache, stop);
  return client;
}

function loadBootstrap(client: Client, sources: ClientSources, bootstrap: SdkPayload | string | undefined) {
  if (bootstrap === undefined) return false;
  try {
    const raw = typeof bootstrap === "string" ? sources.readBootstrap(bootstrap) : bootstrap;
    client.accept((state) => state.replace(raw, "bootstrap"), false);
    return true;
  } catch (error) {
    client.reportError("bootstrap", `bootstrap ignored: ${error instanceof Error ? error.message : String(error)}`);
    return false;
  }
}

function readCache(client: Client, cache: PayloadCache): void {
  const done = client.expect();
  const read = async () => {
    const payload = await cache.read();
    // The server may have answered first; a fresher payload is never replaced by the cached one.
    if (payload !== undefined && client.source === "none") {
      client.accept((state) => state.replace(payload, "cache"), false);
    }
  };
  read()
    .catch((error: unknown) => client.reportError("cache-read", `cache ignored: ${String(error)}`, error))
    .finally(done);
}
