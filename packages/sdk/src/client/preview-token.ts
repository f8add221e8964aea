/** What a preview token grants: `variation` of `flag` until `exp` (seconds since the epoch), in `env` when given. */
export interface PreviewClaims {
  flag: string;
  variation: string;
  exp: number;
  /** The environment the token is valid in; a token without one is valid in every environment. */
  env?: string;
}

/** The outcome of `verifyPreviewToken`: the claims, or why the token is refused. */
export type PreviewVerification =
  | { valid: true; claims: PreviewClaims }
  | { valid: false; reason: "malformed" | "bad-signature" | "expired" | "wrong-environment" | "weak-secret" };

/** Where a token is being verified. */
export interface PreviewVerifyOptions {
  /** The environment serving the request; a token bound to another one (or bound, with this left out) is refused. */
  environment?: string;
}

const PREFIX = "sbp";
/** Shorter HMAC keys are refused: 32 bytes is the output size of SHA-256. */
export const MIN_PREVIEW_SECRET_BYTES = 32;
/** The longest a preview token may live: a preview is a short-lived link, not a standing grant. */
export const MAX_PREVIEW_LIFETIME_S = 30 * 86_400;
const SIGNATURE = /^[A-Za-z0-9_-]{43}$/;

/**
 * Signs a preview token `sbp.<base64url(JSON claims)>.<base64url(HMAC-SHA256 of "sbp.<claims part>")>`.
 * Server-side only: whoever holds `secret` (at least 32 bytes) can grant any variation. Throws for a shorter
 * secret or an `exp` more than 30 days ahead.
 * @example await mintPreviewToken({ flag: "new-checkout", variation: "on", exp: nowS + 3600, env: "production" }, secret)
 */
export async function mintPreviewToken(claims: PreviewClaims, secret: string, nowMs = Date.now()): Promise<string> {
  if (isWeak(secret)) throw new Error(`preview secrets must be at least ${MIN_PREVIEW_SECRET_BYTES} bytes long`);
  if (!Number.isFinite(claims.exp) || claims.exp * 1000 > nowMs + MAX_PREVIEW_LIFETIME_S * 1000) {
    throw new Error(`preview token exp must be a time at most ${MAX_PREVIEW_LIFETIME_S} s from now, in seconds`);
  }
  const { flag, variation, exp, env } = claims;
  const text = JSON.stringify(env === undefined ? { flag, variation, exp } : { flag, variation, exp, env });
  const body = `${PREFIX}.${toBase64Url(new TextEncoder().encode(text))}`;
  return `${body}.${await signatureOf(body, secret)}`;
}

/**
 * Checks a preview token's signature (its one canonical encoding, compared in constant time), expiry and
 * environment; never throws.
 * @example const check = await verifyPreviewToken(token, secret, Date.now(), { environment: "production" });
 */
export async function verifyPreviewToken(
  token: string,
  secret: string,
  nowMs = Date.now(),
  options: PreviewVerifyOptions = {},
): Promise<PreviewVerification> {
  if (isWeak(secret)) return { valid: false, reason: "weak-secret" };
  const parts = typeof token === "string" ? token.split(".") : [];
  if (parts.length !== 3 || parts[0] !== PREFIX) return { valid: false, reason: "malformed" };
  const claims = claimsOf(parts[1] ?? "");
  const given = parts[2] ?? "";
  if (claims === undefined || !SIGNATURE.test(given)) return { valid: false, reason: "malformed" };
  try {
    const expected = await signatureOf(`${PREFIX}.${parts[1]}`, secret);
    if (!sameText(expected, given)) return { valid: false, reason: "bad-signature" };
  } catch {
    return { valid: false, reason: "malformed" };
  }
  if (!withinLifetime(claims.exp, nowMs))
    return { valid: false, reason: claims.exp * 1000 <= nowMs ? "expired" : "malformed" };
  if (claims.env !== undefined && claims.env !== options.environment)
    return { valid: false, reason: "wrong-environment" };
  return { valid: true, claims };
}

function claimsOf(part: string): PreviewClaims | undefined {
  const bytes = fromBase64Url(part);
  if (bytes === undefined) return undefined;
  try {
    const value = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes)) as Record<string, unknown>;
    const { flag, variation, exp, env } = value;
    if (typeof flag !== "string" || typeof variation !== "string" || typeof exp !== "number") return undefined;
    if (flag === "" || !Number.isFinite(exp)) return undefined;
    if (env !== undefined && (typeof env !== "string" || env === "")) return undefined;
    return env === undefined ? { flag, variation, exp } : { flag, variation, exp, env };
  } catch {
    return undefined;
  }
}

function isWeak(secret: string): boolean {
  return typeof secret !== "string" || new TextEncoder().encode(secret).length < MIN_PREVIEW_SECRET_BYTES;
}

function withinLifetime(exp: number, nowMs: number): boolean {
  return Number.isFinite(exp) && exp * 1000 > nowMs && exp * 1000 <= nowMs + MAX_PREVIEW_LIFETIME_S * 1000;
}

async function signatureOf(body: string, secret: string): Promise<string> {
  const signature = await crypto().sign("HMAC", await keyOf(secret), new TextEncoder().encode(body));
  return toBase64Url(new Uint8Array(signature));
}

// Comparing the text, not the decoded bytes, is what refuses the other encodings of the same signature.
function sameText(expected: string, given: string): boolean {
  if (expected.length !== given.length) return false;
  let difference = 0;
  for (let i = 0; i < expected.length; i++) difference |= expected.charCodeAt(i) ^ given.charCodeAt(i);
  return difference === 0;
}

function crypto(): SubtleCrypto {
  const subtle = globalThis.crypto?.subtle;
  if (subtle === undefined) throw new Error("preview tokens need WebCrypto (globalThis.crypto.subtle)");
  return subtle;
}

function keyOf(secret: string): Promise<CryptoKey> {
  const raw = new TextEncoder().encode(secret);
  return crypto().importKey("raw", raw, { name: "HMAC", hash: "SHA-256" }, false, ["sign", "verify"]);
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(text: string): Uint8Array<ArrayBuffer> | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return undefined;
  const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
