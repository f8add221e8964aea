import type { ChangeInput, Role, TokenKind } from "../kernel/index.js";

/** A token as stored: never the secret itself, only its SHA-256 hash and a short prefix people can recognise. */
export interface TokenRecord {
  id: string;
  kind: TokenKind;
  name: string;
  /** Personal and admin tokens; SDK keys have none. */
  role: Role | null;
  /** SDK keys belong to one environment. */
  environment: string | null;
  hash: string;
  prefix: string;
  createdAt: string;
  revokedAt: string | null;
}

/** The tokens port: API tokens and SDK keys by hash; creating and revoking one is logged. */
export interface TokenStore {
  createToken(token: Omit<TokenRecord, "createdAt" | "revokedAt">, change: ChangeInput): Promise<TokenRecord>;
  findTokenByHash(hash: string): Promise<TokenRecord | undefined>;
  listTokens(): Promise<TokenRecord[]>;
  /** Marks the token revoked (idempotent) and logs it. Throws NOT_FOUND for an unknown id. */
  revokeToken(id: string, change: ChangeInput): Promise<TokenRecord>;
}
