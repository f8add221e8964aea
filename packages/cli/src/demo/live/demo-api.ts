/** The demo speaks to the server only through its public HTTP API, like any other client. */
export interface DemoApi {
  readonly url: string;
  readonly token: string;
  /** Calls `/api/v1{path}`; resolves with the parsed answer, throws `DemoApiError` on a non-2xx answer. */
  call<T = unknown>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<T>;
}

/** An API answer that was not a success, with the server's own error message. */
export class DemoApiError extends Error {
  constructor(
    readonly status: number,
    readonly path: string,
    readonly answer: unknown,
  ) {
    super(`${path} answered ${status}: ${JSON.stringify(answer).slice(0, 400)}`);
  }
}

export function demoApi(url: string, token: string): DemoApi {
  const base = url.replace(/\/+$/, "");
  return {
    url: base,
    token,
    async call<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
      const isNdjson = typeof body === "string";
      const response = await fetch(`${base}/api/v1${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { "content-type": isNdjson ? "application/x-ndjson" : "application/json" }),
          ...headers,
        },
        ...(body === undefined ? {} : { body: isNdjson ? body : JSON.stringify(body) }),
      });
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = text === "" ? null : JSON.parse(text);
      } catch {
        // Not JSON: kept as text for the error message.
      }
      if (!response.ok) throw new DemoApiError(response.status, path, parsed);
      return parsed as T;
    },
  };
}
