import type { FastifyReply, FastifyRequest } from "fastify";
import { AppError, sendAppError } from "../kernel/index.js";
import type { EncodedBody } from "./compiled-payload.js";

/** True when an `If-None-Match` header names the ETag (or is `*`); weak comparison, as RFC 9110 asks for it. */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (ifNoneMatch === undefined) return false;
  if (ifNoneMatch === etag) return true;
  for (const candidate of ifNoneMatch.split(",")) {
    const tag = candidate.trim();
    if (tag === "*" || tag === etag || tag === `W/${etag}`) return true;
  }
  return false;
}

/** Sends cached bytes: 304 with no body when the caller already has them. */
export function sendEncoded(request: FastifyRequest, reply: FastifyReply, body: EncodedBody): FastifyReply {
  if (etagMatches(request.headers["if-none-match"], body.etag)) return reply.code(304).headers(body.headers304).send();
  return reply.code(200).headers(body.headers200).send(body.bytes);
}

/** Sends an expected failure in the API's error shape; anything else is left to the app's error handler. */
export function sendError(request: FastifyRequest, reply: FastifyReply, error: unknown): FastifyReply {
  if (!(error instanceof AppError)) throw error;
  return sendAppError(error, request, reply);
}

/** The `Last-Event-ID` header (or `lastEventId` query, for clients that cannot set headers) as a seq. */
export function lastEventIdOf(request: FastifyRequest<{ Querystring: { lastEventId?: string } }>): number | null {
  const raw = request.headers["last-event-id"] ?? request.query.lastEventId;
  const value = typeof raw === "string" ? Number(raw.trim()) : Number.NaN;
  return Number.isSafeInteger(value) && value >= 0 ? value : null;
}

/** Headers that let browsers read client-key endpoints from any origin (no cookies are involved). */
export const CORS_HEADERS: Readonly<Record<string, string>> = {
  "access-control-allow-origin": "*",
  "access-control-expose-headers": "ETag",
};

/** What a browser's preflight may ask for on the bearer SDK endpoints. */
export const PREFLIGHT_HEADERS: Readonly<Record<string, string>> = {
  ...CORS_HEADERS,
  "access-control-allow-methods": "GET, POST, OPTIONS",
  // `cache-control` is what our browser SDK sends when it opens the stream (so no cache hands it a stale one).
  "access-control-allow-headers": "authorization, cache-control, content-type, if-none-match, last-event-id",
  "access-control-max-age": "600",
};

/**
 * Lets browsers read a bearer SDK endpoint from another origin only with a client key: the answer to a server key
 * carries no CORS headers, so a page that holds one by mistake cannot read it.
 */
export function allowBrowsersFor(reply: FastifyReply, audience: "server" | "client"): FastifyReply {
  return audience === "client" ? reply.headers(CORS_HEADERS) : reply;
}
