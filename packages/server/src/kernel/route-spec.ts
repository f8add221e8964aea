import type { Static, TSchema } from "@sinclair/typebox";
import type { Principal, Role } from "./principal.js";
import type { WriteContext } from "./write-context.js";

/**
 * What a control route handler gets: the request, its body and query already checked against the route's
 * schemas at the edge, and who is calling.
 */
export interface RouteInput<Body = unknown, Query = unknown> {
  params: Record<string, string>;
  query: Query;
  body: Body;
  /** The version named by If-Match, when given. */
  ifMatch: number | undefined;
  /** Actor, role and reason (X-Change-Reason) for writes. */
  context: WriteContext;
  principal: Principal;
}

/** What a handler answers: a JSON body, its status (200 unless given) and the version for the ETag. */
export interface RouteOutput {
  status?: number;
  body: unknown;
  version?: number;
}

/** One control API route: how it is served and how it is documented (the OpenAPI document is built from these). */
export interface RouteSpec<Body extends TSchema = TSchema, Query extends TSchema = TSchema> {
  method: "GET" | "POST" | "PUT" | "DELETE";
  /** Path under `/api/v1`, with `:params`. */
  url: string;
  /** The least role that may call it. */
  role: Role;
  summary: string;
  tag: string;
  /** The body, checked at the edge before the handler runs (an absent body is `{}` when nothing is required). */
  body?: Body;
  /**
   * The body as documented, when the edge checks a looser `body`: the service then checks the rest together
   * with its semantic checks, so a caller learns every problem in one answer.
   */
  documentedBody?: TSchema;
  /** The query, converted (text to numbers and booleans) and checked at the edge. */
  query?: Query;
  /** Whether the route takes If-Match: required (428 without it) or optional (409 when stale). */
  ifMatch?: "required" | "optional";
  response: { status: number; description: string; schema?: TSchema };
  handler(input: RouteInput<Static<Body>, Static<Query>>): Promise<RouteOutput>;
}

/** Builds a route spec; the handler's body and query are typed from the schemas checked at the edge. */
export function route<Body extends TSchema = TSchema, Query extends TSchema = TSchema>(
  spec: RouteSpec<Body, Query>,
): RouteSpec {
  return spec;
}
