import { assembleClient, type ClientSources } from "./assemble-client.js";
import { DEFAULT_BACKOFF } from "./backoff.js";
import { Client } from "./client.js";
import type { ClientOptions, OverridableClient } from "./client-types.js";
import { localStorageCacheFor } from "./local-storage-cache.js";
import { type PayloadReader, validatingReader } from "./payload-reader.js";
import type { PayloadState } from "./payload-state.js";
import { RateLimitedLog } from "./rate-limited-log.js";
import { type Scheduler, systemScheduler } from "./scheduler.js";
import { ServerHealth } from "./server-health.js";
import type { RequestFailure } from "./server-requests.js";
import { UpdateLoop, type UpdateSettings } from "./update-loop.js";

/** What differs between platforms and between production and tests. */
export interface ClientPlatform extends ClientSources {
  scheduler: Scheduler;
  /** How payloads are read: validated up front, or trusted with evaluation guarded (the browser entry). */
  payloads: PayloadReader;
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

/**
 * `createClient` on a given platform (the Node entry's file cache, tests' fake timers): warnings rate-limited, the
 * server followed by the update loop (stream, resume, backoff, polling fallback) with its refusal reasons.
 */
export function createClientOn(platform: ClientPlatform, options: ClientOptions = {}): Client {
  const client = new Client(
    options,
    platform.scheduler,
    platform.payloads,
    (sink, nowMs) => new RateLimitedLog(sink, nowMs),
  );
  return assembleClient(client, platform, options, (_, url) => {
    const health = client.watchServer(
      new ServerHealth(
        client.log,
        () => platform.scheduler.nowMs(),
        () => client.source,
      ),
    );
    const loop = new UpdateLoop(
      { url, sdkKey: options.sdkKey, fetch: options.fetch ?? ((input, init) => fetch(input, init)) },
      settingsOf(options, platform),
      sinkOf(client, health),
      platform.scheduler,
    );
    const served = client.expect();
    loop.start();
    return async () => {
      await loop.stop();
      served();
    };
  });
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
