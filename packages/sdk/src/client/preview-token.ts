/** What a preview token grants: `variation` of `flag` until `exp` (seconds since the epoch). */
export interface PreviewClaims {
  flag: string;
  variation: string;
  exp: number;
}

/** The outcome of `verifyPreviewToken`: the claims, or why the token is refused. */
export type PreviewVerification =
  | { valid: true; claims: PreviewClaims }
  | { valid: false; reason: "malformed" | "bad-signature" | "expired" };

const PREFIX = "sbp";

/**
 * Signs a preview token `sbp.<base64url(JSON claims)>.<base64url(HMAC-SHA256 of "sbp.<claims part>")>`.
 * Server-side only: whoever holds `secret` can grant any variation.
 * @example await mintPreviewToken({ flag: "new-checkout", variation: "on", exp: nowS + 3600 }, secret)
 */
export async function mintPreviewToken(claims: PreviewClaims, secret: string): Promise<string> {
  const body = `${PREFIX}.${toBase64Url(new TextEncoder().encode(JSON.stringify(claims)))}`;
  const signature = await crypto().sign("HMAC", await keyOf(secret), new TextEncoder().encode(body));
  return `${body}.${toBase64Url(new Uint8Array(signature))}`;
}

/**
 * Checks a preview token's signature (constant time, via WebCrypto) and expiry; never throws.
 * @example const check = await verifyPreviewToken(token, secret, Date.now()); if (check.valid) …
 */
export async function verifyPreviewToken(
  token: string,
  secret: string,
  nowMs = Date.now(),
): Promise<PreviewVerification> {
  const parts = typeof token === "string" ? token.split(".") : [];
  if (parts.length !== 3 || parts[0] !== PREFIX) return { valid: false, reason: "malformed" };
  const claims = claimsOf(parts[1] ?? "");
  const signature = fromBase64Url(parts[2] ?? "");
  if (claims === undefined || signature === undefined) return { valid: false, reason: "malformed" };
  try {
    const body = new TextEncoder().encode(`${PREFIX}.${parts[1]}`);
    const ok = await crypto().verify("HMAC", await keyOf(secret), signature, body);
    if (!ok) return { valid: false, reason: "bad-signature" };
  } catch {
    return { valid: false, reason: "malformed" };
  }
  if (claims.exp * 1000 <= nowMs) return { valid: false, reason: "expired" };
  return { valid: true, claims };
}

function claimsOf(part: string): PreviewClaims | undefined {
  const bytes = fromBase64Url(part);
  if (bytes === undefined) return undefined;
  try {
    const value = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes)) as Record<string, unknown>;
    const { flag, variation, exp } = value;
    if (typeof flag !== "string" || typeof variation !== "string" || typeof exp !== "number") return undefined;
    if (flag === "" || !Number.isFinite(exp)) return undefined;
    return { flag, variation, exp };
  } catch {
    return undefined;
  }
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
