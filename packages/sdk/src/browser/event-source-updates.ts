import type { Client } from "../client/client.js";
import type { Scheduler } from "../client/scheduler.js";
import { BrowserHealth } from "./browser-health.js";

/**
 * Keeps a browser client current with the platform's `EventSource` on `GET /api/v1/sdk/stream?sdkKey=…` (a client
 * key is public anyway, and EventSource cannot send headers). The stream's first event is the full payload, so no
 * separate fetch is needed; EventSource reconnects by itself with `Last-Event-ID`. A stream the browser gave up on
 * (an error status, a rejected event) is opened anew after a doubling delay, and a fresh stream starts with the full
 * payload again. Without `EventSource`, and with `updates: "none"` or `"poll"`, the payload is fetched instead:
 * once, or every `pollIntervalMs`. Nothing here throws into the page; the last good payload stays in service.
 */
export function followServer(client: Client, url: string, scheduler: Scheduler): () => Promise<void> {
  const { sdkKey, updates = "stream", reconnect = {} } = client.options;
  const health = client.watchServer(new BrowserHealth(client.log));
  const base = url.replace(/\/+$/, "");
  const served = client.expect();
  const apply = (text: string, patch?: boolean) =>
    client.accept((state) => (patch ? state.patch(text, "server") : state.replace(text, "server")), true);
  let stream: EventSource | undefined;
  let timer: unknown;
  let delayMs = reconnect.initialDelayMs ?? 1_000;
  let closed = false;

  const poll = async (again: boolean): Promise<void> => {
    try {
      const response = await (client.options.fetch ?? fetch)(`${base}/api/v1/sdk/payload`, {
        headers: sdkKey === undefined ? {} : { authorization: `Bearer ${sdkKey}` },
      });
      if (!response.ok) throw new Error(`/api/v1/sdk/payload answered ${response.status}`);
      apply(await response.text());
      health.answered();
      if (!again && updates === "stream") {
        client.serverFailed("no-stream", { message: "this browser has no EventSource: flag changes do not arrive" });
      }
    } catch (error) {
      client.serverFailed("poll", { message: String(error), cause: error });
    }
    if (again && !closed)
      timer = scheduler.setTimeout(() => void poll(true), Math.max(100, client.options.pollIntervalMs ?? 30_000));
  };

  const open = (): void => {
    const source = new EventSource(
      `${base}/api/v1/sdk/stream${sdkKey === undefined ? "" : `?sdkKey=${encodeURIComponent(sdkKey)}`}`,
    );
    stream = source;
    const reopen = () => {
      source.close();
      if (!closed) timer = scheduler.setTimeout(open, delayMs);
      delayMs = Math.min(delayMs * 2, reconnect.maxDelayMs ?? 30_000);
    };
    const listen = (patch?: boolean) => (event: MessageEvent<string>) => {
      try {
        apply(event.data, patch);
        delayMs = reconnect.initialDelayMs ?? 1_000;
      } catch (error) {
        // Reopening (not resuming) makes the server send the whole payload, which carries what this event missed.
        client.serverFailed("stream-data", { message: String(error), cause: error });
        reopen();
      }
    };
    source.onopen = () => health.answered();
    source.addEventListener("payload", listen());
    source.addEventListener("patch", listen(true));
    source.onerror = () => {
      // CONNECTING: the browser retries by itself; CLOSED: it gave up (an error status, not an event stream).
      const retrying = source.readyState === 0;
      client.serverFailed("stream", {
        message: `the stream ${retrying ? "dropped, reconnecting" : "was refused"}: ${base}`,
      });
      if (!retrying) reopen();
    };
  };

  if (updates === "stream" && typeof EventSource === "function") open();
  else void poll(updates === "poll");
  return async () => {
    closed = true;
    stream?.close();
    scheduler.clearTimeout(timer);
    served();
  };
}
