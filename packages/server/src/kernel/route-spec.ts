import type { TSchema } from "@sinclair/typebox";
import type { Principal, Role } from "./principal.js";
import type { WriteContext } from "./write-context.js";

/** What a control route handler gets: the parsed request and who is calling. */
export interface RouteInput {
  params: Record<string, string>;
  query: unknown;
  body: unknown;
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
export interface RouteSpec {
  method: "GET" | "POST" | "PUT" | "DELETE";
  /** Path under `/api/v1`, with `:params`. */
  url: string;
  /** The least role that may call it. */
  role: Role;
  summary: string;
  tag: string;
  body?: TSchema;
  query?: TSchema;
  /** Whether the route takes If-Match: required (428 without it) or optional (409 when stale). */
  ifMatch?: "required" | "optional";
  response: { status: number; description: string; schema?: TSchema };
  handler(input: RouteInput): Promise<RouteOutput>;
}

/** Builds a route spec (keeps `handler` typed at the call site). */
export function route(spec: RouteSpec): RouteSpec {
  return spec;
}
