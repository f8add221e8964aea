import { randomUUID } from "node:crypto";
import { type Static, Type } from "@sinclair/typebox";
import { NAME_PATTERN } from "@switchboard/core";
import type { Authenticator } from "../../auth/index.js";
import { chosenTokenPrefix, generateTokenSecret, hashTokenSecret, visibleTokenPrefix } from "../../auth/index.js";
import { changeInput, validationFailed, type WriteContext } from "../../kernel/index.js";
import type { DocumentStore, Role, TokenKind, TokenRecord, TokenStore } from "../../store/index.js";
import { requireEnvironment } from "../environments/index.js";
import type { ServiceDeps } from "../service-deps.js";

/** The body of `POST /tokens`. */
export const CreateTokenSchema = Type.Object(
  {
    kind: Type.Union([
      Type.Literal("admin"),
      Type.Literal("personal"),
      Type.Literal("server-sdk"),
      Type.Literal("client-sdk"),
    ]),
    name: Type.String({ minLength: 1, maxLength: 200, description: "Who or what uses it; shown in the audit log." }),
    role: Type.Optional(
      Type.Union([Type.Literal("admin"), Type.Literal("editor"), Type.Literal("viewer"), Type.Literal("support")]),
    ),
    environment: Type.Optional(Type.String({ pattern: NAME_PATTERN, description: "SDK keys only." })),
  },
  { additionalProperties: false },
);

/** The body of `POST /tokens`. */
export type CreateTokenInput = Static<typeof CreateTokenSchema>;

/** A token as shown by the API: never its hash. */
export type PublicToken = Omit<TokenRecord, "hash">;

/** A new token with its secret, which is shown this once and never again. */
export interface CreatedToken {
  token: PublicToken;
  secret: string;
}

/** Admin and personal tokens, server and client SDK keys: created with a one-time secret, listed, revoked. */
export class TokenService {
  constructor(
    private readonly store: TokenStore & DocumentStore,
    /** Told about revocations at once, before the store's change notification arrives. */
    private readonly auth?: Pick<Authenticator, "forget">,
  ) {}

  /** Creates a token; personal tokens need a role, SDK keys an environment. */
  async create(body: CreateTokenInput, context: WriteContext): Promise<CreatedToken> {
    const { role, environment } = checkKind(body);
    if (environment !== null) await requireEnvironment(this.store, environment);
    return issueToken(this.store, { kind: body.kind, name: body.name, role, environment }, context);
  }

  /** Every token, oldest first. */
  async list(): Promise<PublicToken[]> {
    return (await this.store.listTokens()).map(publicToken);
  }

  /** Revokes a token at once (idempotent); NOT_FOUND for an unknown id. */
  async revoke(id: string, context: WriteContext): Promise<PublicToken> {
    const revoked = await this.store.revokeToken(id, changeInput(context, "token.revoke"));
    this.auth?.forget?.(id);
    return publicToken(revoked);
  }
}

/** Stores a token under the hash of `chosen` (a new random secret unless given) and returns the secret once. */
export async function issueToken(
  store: TokenStore,
  token: { kind: TokenKind; name: string; role: Role | null; environment: string | null },
  context: WriteContext,
  chosen?: string,
): Promise<CreatedToken> {
  const secret = chosen ?? generateTokenSecret(token.kind);
  const prefix = chosen === undefined ? visibleTokenPrefix(secret) : chosenTokenPrefix(secret);
  const record = await store.createToken(
    { id: randomUUID(), ...token, hash: hashTokenSecret(secret), prefix },
    changeInput(context, "token.create", token.environment),
  );
  return { token: publicToken(record), secret };
}

function checkKind(body: Static<typeof CreateTokenSchema>): { role: Role | null; environment: string | null } {
  const sdk = body.kind === "server-sdk" || body.kind === "client-sdk";
  const problems: { path: string; message: string }[] = [];
  if (sdk && body.role !== undefined) problems.push({ path: "role", message: "must be left out for SDK keys" });
  if (sdk && body.environment === undefined)
    problems.push({ path: "environment", message: "is required for SDK keys" });
  if (!sdk && body.environment !== undefined) {
    problems.push({ path: "environment", message: "is only for SDK keys (tokens work in every environment)" });
  }
  if (body.kind === "personal" && body.role === undefined) problems.push({ path: "role", message: "is required" });
  if (body.kind === "admin" && body.role !== undefined && body.role !== "admin") {
    problems.push({ path: "role", message: 'must be "admin" for admin tokens' });
  }
  if (problems.length > 0) throw validationFailed(problems);
  const role: Role | null = sdk ? null : body.kind === "admin" ? "admin" : (body.role ?? null);
  return { role, environment: sdk ? (body.environment ?? null) : null };
}

function publicToken(record: TokenRecord): PublicToken {
  const { hash: _hash, ...rest } = record;
  return rest;
}

/** Builds the token service; `auth` (when given) forgets revoked tokens at once. */
export function createTokenService(
  { store }: Pick<ServiceDeps<TokenStore & DocumentStore>, "store">,
  auth?: Pick<Authenticator, "forget">,
): TokenService {
  return new TokenService(store, auth);
}
