import { type CallOptions, createApiClient } from "@switchboard/core";

export { ApiError } from "@switchboard/core";

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

// The page's own origin; the token is read on every call, so signing in or out takes effect at once.
const api = createApiClient({ baseUrl: "", token: storedToken, fetch: (url, init) => fetch(url, init) });

/** Calls `/api/v1<path>` with the stored token; resolves with the JSON answer or throws an `ApiError`. */
export function callApi<T>(method: string, path: string, options: CallOptions = {}): Promise<T> {
  return api.request<T>(method, path, options);
}

/** Builds a query string from defined values. */
export function queryString(values: Readonly<Record<string, string | number | boolean | undefined>>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values))
    if (value !== undefined && value !== "") params.set(key, String(value));
  const text = params.toString();
  return text === "" ? "" : `?${text}`;
}
