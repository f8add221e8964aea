import type { TSchema } from "@sinclair/typebox";

/**
 * One route of the control API that this package serves, in the shape of the server's route table (a subset of its
 * `RouteSpec`): the server mounts it under `/api/v1` with its authentication, roles, errors and OpenAPI document.
 */
export interface EventsRoute {
  method: "POST";
  /** Path under `/api/v1`. */
  url: string;
  /** The least role that may call it. */
  role: "viewer";
  summary: string;
  tag: string;
  body: TSchema;
  response: { status: number; description: string; schema: TSchema };
  handler(input: { body: unknown }): Promise<{ body: unknown }>;
}

/** Where the events package reports what its caller should know but not see (the server's logger). */
export interface EventsLogger {
  warn(details: object, message: string): void;
}
