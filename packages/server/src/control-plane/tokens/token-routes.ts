import { Type } from "@sinclair/typebox";
import { type RouteSpec, route } from "../../kernel/index.js";
import { ListResponse, listOutput, TokenResponse } from "../response-schemas.js";
import type { TokenService } from "./token-service.js";
import { CreateTokenSchema } from "./token-service.js";

/** Tokens and SDK keys (admin only). */
export function tokenRoutes({ tokens }: { tokens: TokenService }): RouteSpec[] {
  return [
    route({
      method: "GET",
      url: "/tokens",
      role: "admin",
      tag: "tokens",
      summary: "List tokens and SDK keys (never their secrets)",
      response: { status: 200, description: "Tokens, oldest first.", schema: ListResponse(TokenResponse) },
      handler: async () => listOutput(await tokens.list()),
    }),
    route({
      method: "POST",
      url: "/tokens",
      role: "admin",
      tag: "tokens",
      summary: "Create a token or SDK key; the secret is in this answer only",
      body: CreateTokenSchema,
      response: {
        status: 201,
        description: "The token and its secret.",
        schema: Type.Object({ token: TokenResponse, secret: Type.String() }),
      },
      handler: async ({ body, context }) => ({ body: await tokens.create(body, context) }),
    }),
    route({
      method: "DELETE",
      url: "/tokens/:id",
      role: "admin",
      tag: "tokens",
      summary: "Revoke a token at once",
      response: { status: 200, description: "The revoked token.", schema: TokenResponse },
      handler: async ({ params, context }) => ({ body: await tokens.revoke(params["id"] ?? "", context) }),
    }),
  ];
}
