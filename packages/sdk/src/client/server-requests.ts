import { readErrorBody } from "@switchboard/core";
import type { SseEvent, SseParser } from "./sse-parser.js";

/** Where and as whom the client talks to the server. */
export interface ServerTarget {
  url: string;
  sdkKey: string | undefined;
  fetch: typeof fetch;
}

/** A failed request: `network` when no answer came, `http` for an error status, `data` for a rejected body. */
export class RequestFailure extends Error {
  override readonly name = "RequestFailure";
  readonly kind: "network" | "http" | "data";
  constructor(kind: "network" | "http" | "data", message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.kind = kind;
  }
}

function endpoint(target: ServerTarget, path: string): string {
  return `${target.url.replace(/\/+$/, "")}${path}`;
}

function headersOf(target: ServerTarget, extra: Record<string, string>): Record<string, string> {
  return target.sdkKey === undefined ? extra : { ...extra, authorization: `Bearer ${target.sdkKey}` };
}

async function send(target: ServerTarget, path: string, init: RequestInit): Promise<Response> {
  let response: Response;
  try {
    response = await target.fetch(endpoint(target, path), init);
  } catch (error) {
    throw new RequestFailure("network", `cannot reach ${target.url}: ${describe(error)}`, { cause: error });
  }
  if (response.ok || response.status === 304) return response;
  throw new RequestFailure("http", `${path} answered ${response.status}${await serverMessage(response)}`);
}

// The server says why in its error body (e.g. an unknown or revoked SDK key); any other body is dropped.
async function serverMessage(response: Response): Promise<string> {
  try {
    const error = readErrorBody(JSON.parse(await response.text()));
    return error === undefined ? "" : `: ${error.message}`;
  } catch {
    return "";
  }
}

/** `GET /api/v1/sdk/payload` with `If-None-Match`; `undefined` means 304 (nothing new). */
export async function fetchPayload(
  target: ServerTarget,
  etag: string | undefined,
  signal: AbortSignal,
): Promise<{ text: string; etag: string | undefined } | undefined> {
  const headers = headersOf(target, etag === undefined ? {} : { "if-none-match": etag });
  const response = await send(target, "/api/v1/sdk/payload", { headers, signal });
  if (response.status === 304) return undefined;
  try {
    return { text: await response.text(), etag: response.headers.get("etag") ?? undefined };
  } catch (error) {
    throw new RequestFailure("network", `payload body interrupted: ${describe(error)}`, { cause: error });
  }
}

/**
 * Opens `GET /api/v1/sdk/stream` and feeds its events to `onEvent` until the stream ends, `signal` aborts or
 * nothing (not even a heartbeat) arrives for `idleTimeoutMs`. Resolves when the stream ended; rejects with a
 * `RequestFailure` when it could not be opened.
 */
export async function readStream(
  target: ServerTarget,
  options: { lastEventId: string | undefined; signal: AbortSignal; onChunk: () => void },
  parser: SseParser,
  onEvent: (event: SseEvent) => void,
): Promise<void> {
  const extra: Record<string, string> = { accept: "text/event-stream", "cache-control": "no-cache" };
  if (options.lastEventId !== undefined) extra["last-event-id"] = options.lastEventId;
  const response = await send(target, "/api/v1/sdk/stream", {
    headers: headersOf(target, extra),
    signal: options.signal,
  });
  if (response.body === null) throw new RequestFailure("http", "the stream answered without a body");
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  // Not every fetch ties the body to the request's signal; cancelling the reader ends a pending read either way.
  const onAbort = () => void reader.cancel().catch(() => undefined);
  options.signal.addEventListener("abort", onAbort, { once: true });
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      options.onChunk();
      for (const event of parser.push(value)) onEvent(event);
    }
  } catch (error) {
    if (error instanceof RequestFailure) throw error;
    if (options.signal.aborted) return;
    throw new RequestFailure("network", `stream interrupted: ${describe(error)}`, { cause: error });
  } finally {
    options.signal.removeEventListener("abort", onAbort);
    reader.cancel().catch(() => undefined);
  }
}

/** A short description of any thrown value, with the network cause Node's fetch hides in `cause`. */
export function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? ` (${error.cause.message})` : "";
  return `${error.message}${cause}`;
}
