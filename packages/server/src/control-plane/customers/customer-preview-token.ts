import { createHmac, timingSafeEqual } from "node:crypto";
import type { PreviewRefusal } from "@switchboard/core";

/** What a customer preview token carries; the overrides stay on the server, so the link stays short. */
export interface CustomerPreviewClaims {
  /** The preview's id: its audit entries and its revocation are filed under it. */
  id: string;
  /** The one environment the token is valid in. */
  env: string;
  /** Expiry, seconds since the epoch. */
  exp: number;
}

/** The outcome of verifying a token's form, signature and expiry (revocation is the service's check). */
export type CustomerPreviewCheck =
  | { valid: true; claims: CustomerPreviewClaims }
  | { valid: false; reason: PreviewRefusal };

const PREFIX = "sbc";
/** Shorter HMAC keys are refused: 32 bytes is the output size of SHA-256. */
export const MIN_CUSTOMER_PREVIEW_SECRET_BYTES = 32;
/** The longest a customer preview may live: a preview is a short-lived look, not a standing grant. */
export const MAX_CUSTOMER_PREVIEW_LIFETIME_S = 30 * 86_400;
const SIGNATURE = /^[A-Za-z0-9_-]{43}$/;
const CLAIMS = /^[A-Za-z0-9_-]+$/;
const ID = /^[0-9a-f]{32}$/;

/** The customer preview secret, derived from the server's preview key so that no further secret is stored. */
export function customerPreviewSecret(previewKey: string): string {
  return createHmac("sha256", previewKey).update("customer-preview").digest("hex");
}

/**
 * Signs `sbc.<base64url(JSON {id, env, exp})>.<base64url(HMAC-SHA256 of "sbc.<claims part>")>`. Throws for a secret
 * under 32 bytes or an `exp` not in (now, now + 30 days].
 */
export function signCustomerPreviewToken(claims: CustomerPreviewClaims, secret: string, nowMs: number): string {
  if (Buffer.byteLength(secret) < MIN_CUSTOMER_PREVIEW_SECRET_BYTES) {
    throw new Error(`customer preview secrets must be at least ${MIN_CUSTOMER_PREVIEW_SECRET_BYTES} bytes long`);
  }
  if (!withinLifetime(claims.exp, nowMs)) {
    throw new Error(`a customer preview must expire within ${MAX_CUSTOMER_PREVIEW_LIFETIME_S} s from now`);
  }
  const body = `${PREFIX}.${Buffer.from(JSON.stringify({ id: claims.id, env: claims.env, exp: claims.exp })).toString("base64url")}`;
  return `${body}.${signatureOf(body, secret)}`;
}

/**
 * Checks a token's form, its signature (its one canonical encoding, compared in constant time) and its expiry, in
 * that order; never throws.
 */
export function checkCustomerPreviewToken(token: unknown, secret: string, nowMs: number): CustomerPreviewCheck {
  if (typeof token !== "string" || token.length > 1_000) return { valid: false, reason: "malformed" };
  const parts = token.split(".");
  const [prefix, claimsPart, given] = parts;
  if (parts.length !== 3 || prefix !== PREFIX || claimsPart === undefined || given === undefined) {
    return { valid: false, reason: "malformed" };
  }
  if (!CLAIMS.test(claimsPart) || !SIGNATURE.test(given)) return { valid: false, reason: "malformed" };
  const expected = Buffer.from(signatureOf(`${PREFIX}.${claimsPart}`, secret));
  const actual = Buffer.from(given);
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) {
    return { valid: false, reason: "bad-signature" };
  }
  const claims = claimsOf(claimsPart);
  if (claims === undefined) return { valid: false, reason: "malformed" };
  if (claims.exp * 1000 <= nowMs) return { valid: false, reason: "expired" };
  if (!withinLifetime(claims.exp, nowMs)) return { valid: false, reason: "malformed" };
  return { valid: true, claims };
}

function claimsOf(part: string): CustomerPreviewClaims | undefined {
  // Only the canonical base64url text decodes to itself: the other spellings of a last character are refused.
  const bytes = Buffer.from(part, "base64url");
  if (bytes.toString("base64url") !== part) return undefined;
  try {
    const value = JSON.parse(bytes.toString("utf8")) as Record<string, unknown>;
    const { id, env, exp } = value;
    if (typeof id !== "string" || !ID.test(id) || typeof env !== "string" || env === "") return undefined;
    if (typeof exp !== "number" || !Number.isSafeInteger(exp)) return undefined;
    return { id, env, exp };
  } catch {
    return undefined;
  }
}

function withinLifetime(exp: number, nowMs: number): boolean {
  return (
    Number.isSafeInteger(exp) && exp * 1000 > nowMs && exp * 1000 <= nowMs + MAX_CUSTOMER_PREVIEW_LIFETIME_S * 1000
  );
}

function signatureOf(body: string, secret: string): string {
  return createHmac("sha256", secret).update(body).digest("base64url");
}
