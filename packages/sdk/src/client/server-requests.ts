import { readErrorBody } from "@switchboard/core";
import type { SseEvent, SseParser } from "./sse-parser.js";

/** Where and as whom the client talks to the server. */
export interface ServerTarget {
  url: string;
  sdkKey: string | undefined;
  fetch: typeof fetch;
}

/** What the server said about a failed request, when it answered at all. */
export interface FailureDetail {
  cause?: unknown;
  /** The HTTP status of the answer. */
  status?: number;
  /** The error code of the API's error body (`UNAUTHENTICATED`, `FORBIDDEN`, …). */
  code?: string;
  /** The server's own sentence from the error body. */
  reason?: string;
  /** True when nothing answered (refused, reset) or a gateway said the server is gone: a restart, probably. */
  unreachable?: boolean;
}

/** A failed request: `network` when no answer came, `http` for an error status, `data` for a rejected body. */
export class RequestFailure extends Error {
  override readonly name = "RequestFailure";
  readonly kind: "network" | "http" | "data";
  readonly status: number | undefined;
  readonly code: string | undefined;
  readonly reason: string | undefined;
  readonly unreachable: boolean;
  constructor(kind: "network" | "http" | "data", message: string, detail: FailureDetail = {}) {
    super(message, detail.cause === undefined ? undefined : { cause: detail.cause });
    this.kind = kind;
    this.status = detail.status;
    this.code = detail.code;
    this.reason = detail.reason;
    this.unreachable = detail.unreachable === true;
  }
}

// A gateway answering for a server it cannot reach is as good as no answer: the server is restarting.
const GATEWAY_STATUSES: ReadonlySet<number> = new Set([502, 503, 504]);

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
    throw new RequestFailure("network", `cannot reach ${target.url}: ${describe(error)}`, {
      cause: error,
      unreachable: !(error instanceof Error && error.name === "AbortError"),
    });
  }
  if (response.ok || response.status === 304) return response;
  const said = await serverError(response);
  const status = response.status;
  throw new RequestFailure("http", `${path} answered ${status}${said === undefined ? "" : `: ${said.message}`}`, {
    status,
    ...(said === undefined ? {} : { code: said.code, reason: said.message }),
    unreachable: GATEWAY_STATUSES.has(status),
  });
}

// The server says why in its error body (e.g. an unknown or revoked SDK key); any other body is dropped.
async function serverError(response: Response): Promise<{ code: string; message: string } | undefined> {
  try {
    return readErrorBody(JSON.parse(await response.text()));
  } catch {
    return undefined;
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
  options: { lastEventId: string | undefined; signal: AbortSignal; onChunk: () => void; onOpen?: () => void },
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
  options.onOpen?.();
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
