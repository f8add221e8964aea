import type { FastifyInstance, FastifyReply } from "fastify";
import type { IngestCaller } from "./ingest-auth.js";

/**
 * Lets a browser page on any origin read an ingest answer (no cookies are involved: the key is a bearer header).
 * `Retry-After` is exposed because the SDK paces its retries by it; `x-request-id` so a page can quote it.
 */
export const INGEST_CORS_HEADERS: Readonly<Record<string, string>> = {
  "access-control-allow-origin": "*",
  "access-control-expose-headers": "retry-after, x-request-id",
};

/** What a browser's preflight may ask for: the headers the browser SDK's batch sender (and OTLP exporters) set. */
export const INGEST_PREFLIGHT_HEADERS: Readonly<Record<string, string>> = {
  ...INGEST_CORS_HEADERS,
  "access-control-allow-methods": "POST, OPTIONS",
  "access-control-allow-headers": "authorization, content-type, content-encoding, idempotency-key",
  "access-control-max-age": "600",
};

/**
 * Answers browsers' preflights for the ingest URLs. A preflight carries no key, so it is answered for everyone;
 * the real answer then decides, client keys only (see {@link allowBrowsersFor}).
 */
export function registerIngestPreflight(app: FastifyInstance, urls: readonly string[]): void {
  for (const url of urls)
    app.options(url, (_request, reply) => reply.code(204).headers(INGEST_PREFLIGHT_HEADERS).send());
}

/**
 * Adds the CORS headers to every answer to a client key, refusals included, so the SDK in a page can tell a bad
 * batch from a network failure. Server keys and admin tokens get none, as on `/api/v1/sdk/payload`: a page that
 * holds one by mistake cannot read the answer.
 */
export function allowBrowsersFor(reply: FastifyReply, caller: IngestCaller): void {
  if (caller.keyKind === "client-sdk") reply.headers(INGEST_CORS_HEADERS);
}
