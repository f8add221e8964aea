import type { FastifyRequest } from "fastify";
import type { Authenticator } from "../auth/index.js";
import type { Principal } from "../kernel/index.js";
import { AppError } from "../kernel/index.js";
import type { Role } from "../store/index.js";

// `support` sits below `viewer`: it passes only routes whose least role is `support` (the customer lookup).
const RANK: Readonly<Record<Role, number>> = { support: 0, viewer: 1, editor: 2, admin: 3 };
const BEARER = /^Bearer[ \t]+(\S+)[ \t]*$/i;

/**
 * The principal of a control API request whose route needs `role`: a valid, unrevoked admin or personal token
 * with at least that role. SDK keys are FORBIDDEN here (they only read the SDK endpoints).
 */
export async function authorize(request: FastifyRequest, auth: Authenticator, role: Role): Promise<Principal> {
  const header = request.headers.authorization;
  if (header === undefined) {
    throw new AppError("UNAUTHENTICATED", "This endpoint needs a token: send Authorization: Bearer <token>.");
  }
  const secret = BEARER.exec(header)?.[1];
  if (secret === undefined) {
    throw new AppError("UNAUTHENTICATED", "The Authorization header must be Bearer <token>.");
  }
  const principal = await auth.authenticate(secret, request.ip);
  if (principal.role === null || principal.kind === "server-sdk" || principal.kind === "client-sdk") {
    throw new AppError("FORBIDDEN", "SDK keys only read the SDK endpoints; use an admin or personal token here.");
  }
  if (principal.role === "support" && role !== "support") {
    throw new AppError(
      "FORBIDDEN",
      `A support token reads only the customer lookup (/api/v1/customers…); this needs the ${role} role.`,
    );
  }
  if (RANK[principal.role] < RANK[role]) {
    throw new AppError("FORBIDDEN", `This needs the ${role} role; your token has the ${principal.role} role.`);
  }
  return principal;
}

/** The role a principal acts with (SDK keys never reach handlers, so `viewer` is only a type-level fallback). */
export function roleOf(principal: Principal): Role {
  return principal.role ?? "viewer";
}
