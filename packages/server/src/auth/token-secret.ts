import { createHash, randomBytes } from "node:crypto";
import type { TokenKind } from "../store/index.js";

/** The prefix of every secret of a token kind, so leaked secrets are recognisable (and scannable). */
export const TOKEN_PREFIXES: Readonly<Record<TokenKind, string>> = {
  admin: "sb_admin_",
  personal: "sb_pat_",
  "server-sdk": "sb_srv_",
  "client-sdk": "sb_cli_",
};

/** How many characters of a secret are kept in clear, so people can tell their tokens apart. */
const VISIBLE_CHARACTERS = 6;

/** A new secret of a token kind: its prefix and 32 random bytes in base64url. */
export function generateTokenSecret(kind: TokenKind): string {
  return `${TOKEN_PREFIXES[kind]}${randomBytes(32).toString("base64url")}`;
}

/** The SHA-256 of a secret in hex; only this is stored. */
export function hashTokenSecret(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}

/** The kind prefix a secret starts with (`sb_pat_`), or "" for a secret without one. */
export function kindPrefixOf(secret: string): string {
  return Object.values(TOKEN_PREFIXES).find((prefix) => secret.startsWith(prefix)) ?? "";
}

/** The recognisable start of a generated secret (its kind prefix and a few characters), e.g. `sb_pat_Xy3kQ9`. */
export function visibleTokenPrefix(secret: string): string {
  return secret.slice(0, kindPrefixOf(secret).length + VISIBLE_CHARACTERS);
}

/**
 * What is stored in clear of a secret someone chose (`SWITCHBOARD_ADMIN_TOKEN`): its kind prefix and a marker,
 * never a character of its own, because a chosen secret is not random and its start helps guess the rest.
 */
export function chosenTokenPrefix(secret: string): string {
  return `${kindPrefixOf(secret)}(chosen)`;
}
