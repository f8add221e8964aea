import { Type } from "@sinclair/typebox";
import { type RouteSpec, route } from "../../kernel/index.js";

const MeResponse = Type.Object({
  name: Type.String({ description: "Shown as the actor of your changes." }),
  kind: Type.String({ description: "admin or personal" }),
  role: Type.String({ description: "admin, editor, viewer or support" }),
});

/** `GET /me`: who the token belongs to and what it may do, so a client can show only what is allowed. */
export function meRoutes(): RouteSpec[] {
  return [
    route({
      method: "GET",
      url: "/me",
      // Every role, support included: a client needs to know what it may show.
      role: "support",
      tag: "tokens",
      summary: "Who am I: the name, kind and role of the calling token",
      response: { status: 200, description: "The calling principal.", schema: MeResponse },
      handler: async ({ principal }) => ({
        body: { name: principal.name, kind: principal.kind, role: principal.role ?? "viewer" },
      }),
    }),
  ];
}
