import { MAX_REASON_CHARS } from "@switchboard/core";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Authenticator } from "../auth/index.js";
import type { Principal, RouteInput, RouteSpec } from "../kernel/index.js";
import { AppError, validationFailed } from "../kernel/index.js";
import { assertBodyDepth } from "./body-guard.js";
import { checkedBody, checkedQuery } from "./checked-route-input.js";
import { authorize, roleOf } from "./control-auth.js";
import { etagOf, parseIfMatch } from "./if-match.js";
import { assertStorableText } from "./storable-text-guard.js";

/** The prefix of the control API. */
export const API_PREFIX = "/api/v1";

declare module "fastify" {
  interface FastifyRequest {
    principal: Principal | null;
  }
  interface FastifyContextConfig {
    /** Set on control API routes (documented from their spec). */
    control?: boolean;
  }
}

/**
 * Registers control routes in their own scope: authentication runs first (before the body is even parsed),
 * then the body and query are checked against the route's schemas, so handlers and services take typed input;
 * then the handler; answers get an ETag when they carry a document version.
 */
export function registerControlRoutes(app: FastifyInstance, auth: Authenticator, specs: readonly RouteSpec[]): void {
  app.decorateRequest("principal", null);
  for (const spec of specs) {
    app.route({
      method: spec.method,
      url: `${API_PREFIX}${spec.url}`,
      config: { control: true },
      onRequest: async (request) => {
        request.principal = await authorize(request, auth, spec.role);
      },
      handler: async (request, reply) => answer(spec, request, reply),
    });
  }
}

async function answer(spec: RouteSpec, request: FastifyRequest, reply: FastifyReply): Promise<unknown> {
  const principal = request.principal;
  if (principal === null) throw new AppError("UNAUTHENTICATED", "This endpoint needs a token.");
  assertBodyDepth(request.body);
  const reason = reasonHeader(request);
  assertStorableText({ params: request.params, query: request.query, body: request.body, reason });
  const output = await spec.handler(routeInput(spec, request, principal, reason));
  if (output.version !== undefined) {
    const etag = etagOf(output.version);
    reply.header("etag", etag);
    if (spec.method === "GET" && request.headers["if-none-match"] === etag) return reply.status(304).send();
  }
  return reply.status(output.status ?? spec.response.status).send(output.body);
}

function routeInput(spec: RouteSpec, request: FastifyRequest, principal: Principal, reason: string | null): RouteInput {
  return {
    params: request.params as Record<string, string>,
    query: checkedQuery(spec, request.query),
    body: checkedBody(spec, request.body),
    ifMatch: parseIfMatch(request.headers["if-match"]),
    context: { actor: principal.name, role: roleOf(principal), reason },
    principal,
  };
}

function reasonHeader(request: FastifyRequest): string | null {
  const raw = request.headers["x-change-reason"];
  if (typeof raw !== "string" || raw.trim() === "") return null;
  const reason = decodedHeader(raw);
  if (reason.length > MAX_REASON_CHARS) {
    const message = `must be at most ${MAX_REASON_CHARS} characters (got ${reason.length})`;
    throw validationFailed([{ path: "headers.x-change-reason", message }]);
  }
  return reason;
}

// Header values are Latin-1, so other text arrives percent-encoded.
function decodedHeader(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}
