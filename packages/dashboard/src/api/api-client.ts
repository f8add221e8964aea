/** One problem of a rejected request, with the path of the field it is about. */
export interface ApiProblem {
  path: string;
  message: string;
}

/** A non-2xx answer of the API, in its documented error shape. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: readonly ApiProblem[] = [],
  ) {
    super(message);
  }
}

const TOKEN_KEY = "switchboard.token";

/** The bearer token of this tab (sessionStorage: gone when the tab closes). */
export function storedToken(): string | null {
  return sessionStorage.getItem(TOKEN_KEY);
}

/** Keeps or forgets the token of this tab. */
export function storeToken(token: string | null): void {
  if (token === null) sessionStorage.removeItem(TOKEN_KEY);
  else sessionStorage.setItem(TOKEN_KEY, token);
}

export interface CallOptions {
  body?: unknown;
  ifMatch?: number;
  reason?: string;
  signal?: AbortSignal;
}

/** Calls `/api/v1<path>` with the stored token; resolves with the JSON answer or throws an `ApiError`. */
export async function callApi<T>(method: string, path: string, options: CallOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: "application/json" };
  const token = storedToken();
  if (token !== null) headers["authorization"] = `Bearer ${token}`;
  if (options.body !== undefined) headers["content-type"] = "application/json";
  if (options.ifMatch !== undefined) headers["if-match"] = `"${options.ifMatch}"`;
  if (options.reason !== undefined) headers["x-change-reason"] = encodeURIComponent(options.reason);
  const response = await fetch(`/api/v1${path}`, {
    method,
    headers,
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
  const text = await response.text();
  const json: unknown = text === "" ? undefined : JSON.parse(text);
  if (!response.ok) throw toApiError(response.status, json);
  return json as T;
}

function toApiError(status: number, json: unknown): ApiError {
  const error = (json as { error?: { code?: string; message?: string; details?: ApiProblem[] } } | undefined)?.error;
  return new ApiError(
    status,
    error?.code ?? "ERROR",
    error?.message ?? `The server answered ${status}.`,
    error?.details ?? [],
  );
}

/** Builds a query string from defined values. */
export function queryString(values: Readonly<Record<string, string | number | boolean | undefined>>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values))
    if (value !== undefined && value !== "") params.set(key, String(value));
  const text = params.toString();
  return text === "" ? "" : `?${text}`;
}
