import { describe, expect, it } from "vitest";
import {
  checkCustomerPreviewToken,
  customerPreviewSecret,
  MAX_CUSTOMER_PREVIEW_LIFETIME_S,
  signCustomerPreviewToken,
} from "./customer-preview-token.js";

const SECRET = customerPreviewSecret("k".repeat(64));
const NOW = Date.parse("2026-03-01T00:00:00Z");
const CLAIMS = { id: "0123456789abcdef0123456789abcdef", env: "production", exp: NOW / 1000 + 3600 };

describe("customer preview tokens", () => {
  it("verify with the secret they were signed with, until they expire", () => {
    const token = signCustomerPreviewToken(CLAIMS, SECRET, NOW);
    expect(checkCustomerPreviewToken(token, SECRET, NOW)).toEqual({ valid: true, claims: CLAIMS });
    expect(checkCustomerPreviewToken(token, SECRET, NOW + 3_600_000)).toEqual({ valid: false, reason: "expired" });
    expect(checkCustomerPreviewToken(token, customerPreviewSecret("other".repeat(13)), NOW)).toEqual({
      valid: false,
      reason: "bad-signature",
    });
  });

  it("refuse every altered part and every other spelling of the same bytes", () => {
    const token = signCustomerPreviewToken(CLAIMS, SECRET, NOW);
    const [prefix, claims = "", signature = ""] = token.split(".");
    const longer = Buffer.from(JSON.stringify({ ...CLAIMS, exp: CLAIMS.exp + 1 })).toString("base64url");
    const refused = [
      `${prefix}.${longer}.${signature}`,
      `sbp.${claims}.${signature}`,
      `${prefix}.${claims}.${signature.slice(0, -1)}`,
      `${prefix}.${claims}.${signature}=`,
      `${prefix}.${claims}=.${signature}`,
      `${prefix}.${claims}.${signature}.x`,
      token.toUpperCase(),
      "",
    ];
    for (const bad of refused) expect(checkCustomerPreviewToken(bad, SECRET, NOW).valid, bad).toBe(false);
    // The last base64url character of a 32-byte signature carries 2 unused bits: other spellings decode alike.
    const last = signature.at(-1) ?? "A";
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    const sibling = alphabet[(alphabet.indexOf(last) & ~3) | ((alphabet.indexOf(last) + 1) & 3)];
    expect(Buffer.from(`${signature.slice(0, -1)}${sibling}`, "base64url")).toEqual(
      Buffer.from(signature, "base64url"),
    );
    expect(checkCustomerPreviewToken(`${prefix}.${claims}.${signature.slice(0, -1)}${sibling}`, SECRET, NOW)).toEqual({
      valid: false,
      reason: "bad-signature",
    });
    expect(checkCustomerPreviewToken(42, SECRET, NOW)).toEqual({ valid: false, reason: "malformed" });
  });

  it("are never signed with a short secret or for more than 30 days", () => {
    expect(() => signCustomerPreviewToken(CLAIMS, "short", NOW)).toThrow(/at least 32 bytes/);
    const tooLong = { ...CLAIMS, exp: NOW / 1000 + MAX_CUSTOMER_PREVIEW_LIFETIME_S + 1 };
    expect(() => signCustomerPreviewToken(tooLong, SECRET, NOW)).toThrow(/within/);
    expect(() => signCustomerPreviewToken({ ...CLAIMS, exp: NOW / 1000 }, SECRET, NOW)).toThrow(/within/);
    expect(SECRET).toHaveLength(64);
  });
});
