// SDK keys that travel in URLs: `?sdkKey=` on the SDK stream (browsers' EventSource) and GrowthBook's key paths.
const KEY_IN_QUERY = /([?&]sdkKey=)[^&#]*/gi;
const KEY_IN_PATH = /^(\/(?:sub|api\/features)\/)[^/?#]+/;

/** A request URL with any SDK key in it replaced by `[redacted]`, for logs. */
export function redactedUrl(url: string): string {
  return url.replace(KEY_IN_PATH, "$1[redacted]").replace(KEY_IN_QUERY, "$1[redacted]");
}

/**
 * Fastify's request serializer with the URL redacted: a request log at `info` (or any log line that carries the
 * request) must not write a key that a URL carried.
 */
export const REQUEST_LOG_SERIALIZERS = {
  // Fastify hands its request here, though its types name the raw one: hence the structural parameter.
  req(request: LoggedRequest) {
    const logged: Record<string, unknown> = { method: request.method, url: redactedUrl(request.url ?? "") };
    if (request.host !== undefined) logged["host"] = request.host;
    if (request.ip !== undefined) logged["remoteAddress"] = request.ip;
    if (request.socket?.remotePort !== undefined) logged["remotePort"] = request.socket.remotePort;
    return logged;
  },
};

interface LoggedRequest {
  method?: string | undefined;
  url?: string | undefined;
  host?: string | undefined;
  ip?: string | undefined;
  socket?: { remotePort?: number | undefined } | null;
}
