import type { SdkPayload } from "@switchboard/core";
import { DEFAULT_BACKOFF } from "./backoff.js";
import { Client } from "./client.js";
import type { ClientOptions, OverridableClient, PayloadCache } from "./client-types.js";
import { localStorageCacheFor } from "./local-storage-cache.js";
import { type PayloadReader, validatingReader } from "./payload-reader.js";
import type { PayloadState } from "./payload-state.js";
import { type Scheduler, systemScheduler } from "./scheduler.js";
import type { ServerHealth } from "./server-health.js";
import type { RequestFailure } from "./server-requests.js";
import { UpdateLoop, type UpdateSettings } from "./update-loop.js";

/** What differs between platforms and between production and tests. */
export interface ClientPlatform {
  scheduler: Scheduler;
  /** How payloads are read: validated up front, or trusted with evaluation guarded (the browser entry). */
  payloads: PayloadReader;
  /** The cache `cache: true` stands for. */
  defaultCache(options: ClientOptions): PayloadCache | undefined;
  /** Turns a string `bootstrap` into a payload (JSON text in browsers, a file path in Node). */
  readBootstrap(bootstrap: string): unknown;
  /** Loop settings tests shorten (idle timeout, fallback threshold). */
  updateSettings?: Partial<UpdateSettings>;
}

/** The browser-safe platform: `localStorage` cache, bootstrap strings are JSON text. */
export const browserPlatform: ClientPlatform = {
  scheduler: systemScheduler,
  payloads: validatingReader,
  defaultCache: (options) => localStorageCacheFor(options.sdkKey, validatingReader),
  readBootstrap: (text) => text,
};

/**
 * Creates a client: it serves the bootstrap payload at once, the cached one as soon as it is read, then the
 * server's, and keeps it current over a stream. Evaluation is local and synchronous and never throws.
 * @example const client = createClient({ url: "https://flags.example.com", sdkKey: "sb_client_…" });
 */
export function createClient(options: ClientOptions = {}): OverridableClient {
  return createClientOn(browserPlatform, options);
}

/** `createClient` on a given platform (the Node entry's file cache, tests' fake timers). */
export function createClientOn(platform: ClientPlatform, options: ClientOptions = {}): Client {
  const client = new Client(options, platform.scheduler, platform.payloads);
  const bootstrapped = loadBootstrap(client, platform, options.bootstrap);
  const cache = options.cache === true ? platform.defaultCache(options) : options.cache || undefined;
  if (!bootstrapped && cache !== undefined) readCache(client, cache);
  let stop: (() => Promise<void>) | undefined;
  if (options.url !== undefined && options.url !== "") {
    const health = client.watchServer();
    const loop = new UpdateLoop(
      { url: options.url, sdkKey: options.sdkKey, fetch: options.fetch ?? ((input, init) => fetch(input, init)) },
      settingsOf(options, platform),
      sinkOf(client, health),
      platform.scheduler,
    );
    const served = client.expect();
    loop.start();
    stop = async () => {
      await loop.stop();
      served();
    };
  }
  client.attach(cache, stop);
  return client;
}

function loadBootstrap(client: Client, platform: ClientPlatform, bootstrap: SdkPayload | string | undefined) {
  if (bootstrap === undefined) return false;
  try {
    const raw = typeof bootstrap === "string" ? platform.readBootstrap(bootstrap) : bootstrap;
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

function settingsOf(options: ClientOptions, platform: ClientPlatform): UpdateSettings {
  const backoff = {
    initialDelayMs: options.reconnect?.initialDelayMs ?? DEFAULT_BACKOFF.initialDelayMs,
    maxDelayMs: options.reconnect?.maxDelayMs ?? DEFAULT_BACKOFF.maxDelayMs,
  };
  return {
    mode: options.updates ?? "stream",
    pollIntervalMs: Math.max(100, options.pollIntervalMs ?? 30_000),
    backoff,
    useRetryHint: options.reconnect?.initialDelayMs === undefined,
    idleTimeoutMs: 90_000,
    fallbackAfterFailures: 3,
    streamRetryMs: 5 * 60_000,
    ...platform.updateSettings,
  };
}

function sinkOf(client: Client, health: ServerHealth) {
  return {
    applyPayload: (text: string) => void client.accept((state: PayloadState) => state.replace(text, "server"), true),
    applyPatch: (text: string) => void client.accept((state: PayloadState) => state.patch(text, "server"), true),
    connected: () => health.answered(),
    failed: (kind: string, failure: RequestFailure) => client.serverFailed(kind, failure),
    reportError: (kind: string, message: string, cause?: unknown) => client.reportError(kind, message, cause),
  };
}
