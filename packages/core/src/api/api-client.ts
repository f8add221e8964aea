import { ApiError } from "./api-error.js";
import { readErrorBody } from "./error-body.js";
import type { Me } from "./me.js";
import type { QueryResult } from "./query-result.js";

/** The part of `fetch` the client uses, so any implementation (browser, Node, a test double) can be passed in. */
export type FetchFunction = (
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string; signal?: AbortSignal },
) => Promise<{ ok: boolean; status: number; text(): Promise<string> }>;

/** Where and as whom the client talks to the API. */
export interface ApiClientOptions {
  /** The server's origin, e.g. `http://localhost:4242`; `""` for the page's own origin. */
  baseUrl: string;
  /** A bearer token, or a function asked on every call (a token that can change, e.g. after signing in). */
  token?: string | (() => string | null | undefined);
  fetch: FetchFunction;
}

/** Per-call options: a JSON body, the version a write expects (`If-Match`), the change reason, an abort signal. */
export interface CallOptions {
  body?: unknown;
  ifMatch?: number;
  reason?: string;
  signal?: AbortSignal;
}

/** The typed client of `/api/v1`; every method throws an `ApiError` for a non-2xx answer. */
export interface ApiClient {
  /** Calls `/api/v1<path>` and resolves with its JSON answer (`undefined` for an empty one). */
  request<T>(method: string, path: string, options?: CallOptions): Promise<T>;
  /** `GET /me`: who the token belongs to. */
  me(options?: CallOptions): Promise<Me>;
  /** `POST /query`: runs a query of the query language over the stored events. */
  query(query: unknown, options?: Omit<CallOptions, "body">): Promise<QueryResult>;
}

/**
 * Creates the API client shared by the dashboard and the CLI. The caller passes `fetch`, so the core itself does
 * no I/O. Example: `createApiClient({ baseUrl: "http://localhost:4242", token, fetch }).me()`.
 */
export function createApiClient(options: ApiClientOptions): ApiClient {
  const root = `${options.baseUrl.replace(/\/$/, "")}/api/v1`;
  const tokenOf = typeof options.token === "function" ? options.token : () => options.token as string | undefined;
  async function request<T>(method: string, path: string, call: CallOptions = {}): Promise<T> {
    const response = await options.fetch(`${root}${path}`, {
      method,
      headers: headersOf(tokenOf() ?? undefined, call),
      ...(call.body === undefined ? {} : { body: JSON.stringify(call.body) }),
      ...(call.signal === undefined ? {} : { signal: call.signal }),
    });
    const text = await response.text();
    if (!response.ok) throw new ApiError(response.status, readErrorBody(parseLeniently(text)));
    return (text === "" ? undefined : JSON.parse(text)) as T;
  }
  return {
    request,
    me: (call) => request<Me>("GET", "/me", call),
    query: (query, call) => request<QueryResult>("POST", "/query", { ...call, body: query }),
  };
}

function headersOf(token: string | undefined, call: CallOptions): Record<string, string> {
  const headers: Record<string, string> = { accept: "application/json" };
  if (token !== undefined && token !== "") headers["authorization"] = `Bearer ${token}`;
  if (call.body !== undefined) headers["content-type"] = "application/json";
  if (call.ifMatch !== undefined) headers["if-match"] = `"${call.ifMatch}"`;
  // Header values are Latin-1 on the wire; encoding keeps any reason intact (the server decodes it).
  if (call.reason !== undefined) headers["x-change-reason"] = encodeURIComponent(call.reason);
  return headers;
}

// An error answer need not be JSON (a proxy's HTML page); it then has no error body rather than failing to parse.
function parseLeniently(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
