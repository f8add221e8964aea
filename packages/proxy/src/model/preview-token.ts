import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { ServiceRef } from "./traffic-model.js";

/** A fresh preview secret: 32 random bytes, hex. */
export function newPreviewSecret(): string {
  return randomBytes(32).toString("hex");
}

// Signs the expiry's exact text, so only its one canonical decimal form can carry the signature.
function signature(secret: string, service: ServiceRef, pool: string, expiry: string): string {
  return createHmac("sha256", Buffer.from(secret, "hex"))
    .update(`${service.environment}/${service.name}/${pool}/${expiry}`)
    .digest("hex");
}

/**
 * A token that sends its bearer to `pool` until `expiresAtSec` (Unix seconds): `pool.expiry.hmac`.
 * @example signPreviewToken(secret, { name: "web", environment: "prod" }, "b", 1767225600) // "b.1767225600.3f…"
 */
export function signPreviewToken(secret: string, service: ServiceRef, pool: string, expiresAtSec: number): string {
  const expiry = String(expiresAtSec);
  return `${pool}.${expiry}.${signature(secret, service, pool, expiry)}`;
}

const SIGNATURE = /^[0-9a-f]{64}$/;
/** Unix seconds in canonical decimal: no sign, leading zero, space, hex or fraction. */
const EXPIRY = /^[1-9][0-9]{0,15}$/;

/** The pool a preview token names when its signature holds and it has not expired at `nowSec`, else undefined. */
export function verifyPreviewToken(
  secret: string,
  service: ServiceRef,
  token: string,
  nowSec: number,
): string | undefined {
  const [pool, expiry, given, ...rest] = token.split(".");
  if (pool === undefined || expiry === undefined || given === undefined || rest.length > 0) return undefined;
  if (!EXPIRY.test(expiry)) return undefined;
  const expiresAtSec = Number(expiry);
  if (!Number.isSafeInteger(expiresAtSec) || expiresAtSec <= nowSec) return undefined;
  // Buffer.from(hex) silently drops a trailing odd digit or stops at a non-hex one; only an exact signature counts.
  if (!SIGNATURE.test(given)) return undefined;
  const expected = Buffer.from(signature(secret, service, pool, expiry), "hex");
  const actual = Buffer.from(given, "hex");
  return actual.length === expected.length && timingSafeEqual(actual, expected) ? pool : undefined;
}

/** The preview secret of one service, derived from the server's preview key so no secret is ever stored or logged. */
export function derivePreviewSecret(previewKey: string, service: ServiceRef): string {
  return createHmac("sha256", previewKey).update(`preview/${service.environment}/${service.name}`).digest("hex");
}
