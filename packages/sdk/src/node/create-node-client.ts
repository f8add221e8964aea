import { readFileSync } from "node:fs";
import type { ClientOptions, OverridableClient } from "../client/client-types.js";
import { browserPlatform, type ClientPlatform, createClientOn } from "../client/create-client.js";
import { FilePayloadCache } from "./file-payload-cache.js";
import { nodeHttpPoster } from "./http-poster.js";
import { currentContext } from "./request-context.js";

/** Node's platform: a JSON file cache, bootstrap strings are file paths (or JSON text starting with `{`). */
export const nodePlatform: ClientPlatform = {
  scheduler: browserPlatform.scheduler,
  payloads: browserPlatform.payloads,
  defaultCache: () => new FilePayloadCache(),
  readBootstrap: (pathOrJson) => {
    const text = pathOrJson.trimStart().startsWith("{") ? pathOrJson : readFileSync(pathOrJson, "utf8");
    return JSON.parse(text) as unknown;
  },
};

/** Node options: `cache` may also be a file path. */
export interface NodeClientOptions extends Omit<ClientOptions, "cache"> {
  /** `true`: `./.switchboard-sdk-cache.json`; a string: that file; or any `PayloadCache`. */
  cache?: ClientOptions["cache"] | string;
}

/**
 * Creates a client for Node: like the browser `createClient`, plus a file cache, bootstrap from a file, and
 * evaluations without a context use the one of the surrounding `runWithContext` call.
 * @example const client = createClient({ url, sdkKey, cache: true, bootstrap: "./flags.json" });
 */
export function createClient(options: NodeClientOptions = {}): OverridableClient {
  const { cache, ...rest } = options;
  const resolved: ClientOptions = { ...rest, contextProvider: options.contextProvider ?? currentContext };
  // Events go over node:http unless a `fetch` was given (tests, proxies), which then carries them as before.
  if (options.fetch === undefined && options.postEvents === undefined) resolved.postEvents = nodeHttpPoster;
  if (typeof cache === "string") resolved.cache = new FilePayloadCache(cache);
  else if (cache !== undefined) resolved.cache = cache;
  return createClientOn(nodePlatform, resolved);
}
