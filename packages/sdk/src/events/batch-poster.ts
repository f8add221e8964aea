/** What one delivery attempt of a batch got back: the status, its `Retry-After` header, and the body read to its end. */
export interface PostAnswer {
  status: number;
  retryAfter: string | null;
  text: string;
}

/**
 * POSTs one encoded batch and reads the answer; rejects when no answer came (refused, reset, timed out). The
 * default goes through `fetch`; the Node entry passes one over `node:http`, which costs a third of fetch's CPU per
 * batch.
 */
export type BatchPoster = (
  url: string,
  headers: Record<string, string>,
  body: Uint8Array<ArrayBuffer> | string,
  timeoutMs: number,
) => Promise<PostAnswer>;

/** The `BatchPoster` over a `fetch` (the global one, or one passed for tests and proxies). */
export function fetchPoster(fetchImpl: typeof fetch): BatchPoster {
  return async (url, headers, body, timeoutMs) => {
    const response = await fetchImpl(url, { method: "POST", headers, body, signal: AbortSignal.timeout(timeoutMs) });
    // Reading the body to its end lets the connection be reused.
    const text = await response.text().catch(() => "");
    return { status: response.status, retryAfter: response.headers.get("retry-after"), text };
  };
}
