import type { RemoteClient, RemoteClientEvents, RemoteClientOptions, RemoteFlag } from "./remote-types.js";

type Listeners = { [E in keyof RemoteClientEvents]: Set<(payload: RemoteClientEvents[E]) => void> };

/**
 * Creates a client whose flags the server evaluates: one bulk OFREP request (`POST /ofrep/v1/evaluate/flags`, with
 * ETag) per context, and again whenever the server's stream announces a change. Reads are synchronous and never throw.
 * @example const flags = createRemoteClient({ url: "https://flags.example.com", sdkKey: "sb_client_…", context: { targetingKey: "u1" } });
 */
export function createRemoteClient(options: RemoteClientOptions): RemoteClient {
  const base = options.url.replace(/\/+$/, "");
  const log = options.logger ?? ((message: string) => console.warn(message));
  const listeners: Listeners = { change: new Set(), error: new Set() };
  let flags = new Map<string, RemoteFlag>();
  let context = options.context ?? {};
  let etag: string | undefined;
  let received = false;
  let waiters: (() => void)[] = [];
  // One request at a time; a change announced meanwhile asks for one more (the latest context and flags win).
  let running: Promise<void> | undefined;
  let again = false;
  let stream: EventSource | undefined;
  let streaming = true;
  let closed = false;

  function emit<E extends keyof RemoteClientEvents>(event: E, payload: RemoteClientEvents[E]): void {
    for (const listener of listeners[event]) {
      try {
        listener(payload);
      } catch (error) {
        log(`switchboard: a ${event} listener threw: ${String(error)}`);
      }
    }
  }

  function fail(message: string): void {
    log(`switchboard: ${message}`);
    emit("error", { message });
  }

  async function fetchOnce(): Promise<void> {
    const headers: Record<string, string> = {
      authorization: `Bearer ${options.sdkKey}`,
      "content-type": "application/json",
    };
    if (etag !== undefined) headers["if-none-match"] = etag;
    const response = await (options.fetch ?? fetch)(`${base}/ofrep/v1/evaluate/flags`, {
      method: "POST",
      headers,
      body: JSON.stringify({ context }),
    });
    if (response.status === 304) return;
    const body = (await response.json().catch(() => undefined)) as
      | { flags?: unknown; errorDetails?: unknown }
      | undefined;
    if (!response.ok || !Array.isArray(body?.flags)) {
      const reason = typeof body?.errorDetails === "string" ? `: ${body.errorDetails}` : "";
      throw new Error(`flag evaluation answered ${response.status}${reason}`);
    }
    etag = response.headers.get("etag") ?? undefined;
    install(body.flags);
  }

  function install(list: unknown[]): void {
    const next = new Map<string, RemoteFlag>();
    for (const item of list) {
      const { key, value, variant, reason } = (item ?? {}) as Record<string, unknown>;
      // Failures (FLAG_NOT_FOUND, …) carry no value: those flags answer their default.
      if (typeof key === "string" && value !== undefined) {
        next.set(key, { value, reason: String(reason), ...(typeof variant === "string" ? { variant } : {}) });
      }
    }
    const keys = [...new Set([...flags.keys(), ...next.keys()])].filter(
      (key) => JSON.stringify(flags.get(key)) !== JSON.stringify(next.get(key)),
    );
    flags = next;
    if (!received) {
      received = true;
      for (const waiter of waiters) waiter();
      waiters = [];
    }
    if (keys.length > 0) emit("change", { keys });
  }

  function refresh(): Promise<void> {
    if (running !== undefined) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        try {
          await fetchOnce();
        } catch (error) {
          fail(`keeping the last values: ${error instanceof Error ? error.message : String(error)}`);
        }
      } while (again && !closed);
      running = undefined;
    })();
    return running;
  }

  function openStream(): void {
    const Source = options.EventSource ?? globalThis.EventSource;
    if (options.updates === "none" || Source === undefined) return;
    try {
      // The stream's first event and every one after it mean "the flags may have changed": evaluate again. It
      // reconnects by itself, and the first event after a reconnect catches up on what was missed.
      stream = new Source(`${base}/sub/${encodeURIComponent(options.sdkKey)}`);
      stream.addEventListener("features", () => {
        streaming = true;
        void refresh();
      });
      // The browser retries every few seconds while the server is down: say so once per outage, not per retry.
      stream.onerror = () => {
        if (streaming) fail("the update stream was interrupted; reconnecting");
        streaming = false;
      };
    } catch (error) {
      fail(`cannot open the update stream: ${String(error)}`);
    }
  }

  function current(key: string): RemoteFlag | undefined {
    return typeof key === "string" ? flags.get(key) : undefined;
  }

  void refresh();
  openStream();

  return {
    ready(readyOptions) {
      const timeoutMs = readyOptions?.timeoutMs ?? 5_000;
      if (received) return Promise.resolve({ timedOut: false });
      return new Promise((resolve) => {
        const timer = setTimeout(() => resolve({ timedOut: true }), timeoutMs);
        waiters.push(() => {
          clearTimeout(timer);
          resolve({ timedOut: false });
        });
      });
    },
    isOn: (key) => !!current(key)?.value,
    value<T>(key: string, defaultValue: T): T {
      const found = current(key);
      return found !== undefined && typeof found.value === typeof defaultValue ? (found.value as T) : defaultValue;
    },
    flag: current,
    setContext(next) {
      context = typeof next === "object" && next !== null ? next : {};
      etag = undefined;
      return refresh();
    },
    on(event, listener) {
      const set = listeners[event] as Set<typeof listener> | undefined;
      set?.add(listener);
      return () => void set?.delete(listener);
    },
    close() {
      closed = true;
      stream?.close();
    },
  };
}
