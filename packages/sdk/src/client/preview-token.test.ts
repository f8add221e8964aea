import { describe, expect, it } from "vitest";
import { previewOverridesFromRequest } from "./preview-overrides.js";
import { mintPreviewToken, verifyPreviewToken } from "./preview-token.js";

const secret = "preview-secret-of-at-least-32-bytes!";
const nowMs = Date.parse("2025-06-01T09:00:00Z");
const exp = nowMs / 1000 + 3600;

/** Signs claims the way a minter without the exp cap would, to show what verification accepts. */
async function forgeWith(key: string, claims: Record<string, unknown>): Promise<string> {
  const toBase64Url = (bytes: Uint8Array) =>
    btoa(String.fromCharCode(...bytes))
      .replace(/\+/g, "-")
      .replace(/\//g, "_")
      .replace(/=+$/, "");
  const body = `sbp.${toBase64Url(new TextEncoder().encode(JSON.stringify(claims)))}`;
  const hmac = await crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode(key),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const signature = new Uint8Array(await crypto.subtle.sign("HMAC", hmac, new TextEncoder().encode(body)));
  return `${body}.${toBase64Url(signature)}`;
}

describe("preview tokens", () => {
  it("verifies a token it minted and returns its claims", async () => {
    const token = await mintPreviewToken({ flag: "new-checkout", variation: "on", exp }, secret);
    expect(token).toMatch(/^sbp\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(await verifyPreviewToken(token, secret, nowMs)).toEqual({
      valid: true,
      claims: { flag: "new-checkout", variation: "on", exp },
    });
  });

  it("refuses a wrong secret, changed claims and an expired token", async () => {
    const token = await mintPreviewToken({ flag: "new-checkout", variation: "on", exp }, secret);
    expect(await verifyPreviewToken(token, "another-secret-of-at-least-32-bytes", nowMs)).toEqual({
      valid: false,
      reason: "bad-signature",
    });
    const [prefix, , signature] = token.split(".");
    const forged = btoa(JSON.stringify({ flag: "new-checkout", variation: "off", exp })).replace(/=+$/, "");
    expect(await verifyPreviewToken(`${prefix}.${forged}.${signature}`, secret, nowMs)).toMatchObject({ valid: false });
    expect(await verifyPreviewToken(token, secret, exp * 1000)).toEqual({ valid: false, reason: "expired" });
  });

  it.each([
    "",
    "sbp",
    "sbp..",
    "jwt.a.b",
    "sbp.not base64!.x",
    "sbp.e30.AAAA",
    `sbp.${btoa('{"flag":1,"variation":"on","exp":1}')}.AAAA`,
    "sbp.a.b.c",
  ])("calls %j malformed without throwing", async (token) => {
    expect(await verifyPreviewToken(token, secret, nowMs)).toEqual({ valid: false, reason: "malformed" });
  });

  it("D20: binds a token to its environment when it names one, and keeps unbound tokens working", async () => {
    const bound = await mintPreviewToken({ flag: "new-checkout", variation: "on", exp, env: "staging" }, secret);
    expect(await verifyPreviewToken(bound, secret, nowMs, { environment: "staging" })).toMatchObject({ valid: true });
    expect(await verifyPreviewToken(bound, secret, nowMs, { environment: "production" })).toEqual({
      valid: false,
      reason: "wrong-environment",
    });
    expect(await verifyPreviewToken(bound, secret, nowMs)).toEqual({ valid: false, reason: "wrong-environment" });
    const unbound = await mintPreviewToken({ flag: "new-checkout", variation: "on", exp }, secret);
    expect(await verifyPreviewToken(unbound, secret, nowMs, { environment: "production" })).toMatchObject({
      valid: true,
    });
    const url = `/?sb_preview=${bound}`;
    expect(await previewOverridesFromRequest(url, undefined, secret, nowMs, { environment: "staging" })).toEqual({
      "new-checkout": "on",
    });
    expect(await previewOverridesFromRequest(url, undefined, secret, nowMs, { environment: "production" })).toEqual({});
  });

  it("D20: refuses secrets shorter than 32 bytes and an exp beyond the longest lifetime", async () => {
    await expect(mintPreviewToken({ flag: "f", variation: "on", exp }, "x")).rejects.toThrow(/32 bytes/);
    const weak = await verifyPreviewToken("sbp.e30.AAAA", "x", nowMs);
    expect(weak).toEqual({ valid: false, reason: "weak-secret" });
    await expect(mintPreviewToken({ flag: "f", variation: "on", exp: 1e300 }, secret)).rejects.toThrow(/exp/);
    const farAway = await forgeWith(secret, { flag: "f", variation: "on", exp: 1e300 });
    expect(await verifyPreviewToken(farAway, secret, nowMs)).toEqual({ valid: false, reason: "malformed" });
    const thirtyOneDays = await forgeWith(secret, { flag: "f", variation: "on", exp: nowMs / 1000 + 31 * 86_400 });
    expect(await verifyPreviewToken(thirtyOneDays, secret, nowMs)).toEqual({ valid: false, reason: "malformed" });
  });

  it("D20: accepts exactly one encoding of each signature", async () => {
    const token = await mintPreviewToken({ flag: "new-checkout", variation: "on", exp }, secret);
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    const last = token.at(-1) ?? "A";
    // 32 bytes in 43 base64url characters leave 2 unused bits in the last one: 3 other characters decode the same.
    const base = alphabet.indexOf(last) & ~3;
    const twins = [0, 1, 2, 3].map((bits) => alphabet[base + bits]).filter((char) => char !== last);
    expect(twins).toHaveLength(3);
    for (const twin of twins) {
      expect(await verifyPreviewToken(`${token.slice(0, -1)}${twin}`, secret, nowMs)).toMatchObject({ valid: false });
    }
    expect(await verifyPreviewToken(`${token}=`, secret, nowMs)).toMatchObject({ valid: false });
    expect(await verifyPreviewToken(token, secret, nowMs)).toMatchObject({ valid: true });
  });

  it("collects overrides from query parameters and the cookie, query first, skipping bad tokens", async () => {
    const a = await mintPreviewToken({ flag: "a", variation: "on", exp }, secret);
    const bCookie = await mintPreviewToken({ flag: "b", variation: "blue", exp }, secret);
    const bQuery = await mintPreviewToken({ flag: "b", variation: "green", exp }, secret);
    const expired = await mintPreviewToken({ flag: "c", variation: "on", exp: nowMs / 1000 - 1 }, secret);
    const url = `/checkout?x=1&sb_preview=${a}&sb_preview=${bQuery}&sb_preview=garbage`;
    const cookie = `theme=dark; sb_preview=${bCookie}~${expired}; other=1`;
    expect(await previewOverridesFromRequest(url, cookie, secret, nowMs)).toEqual({ a: "on", b: "green" });
    expect(await previewOverridesFromRequest(undefined, undefined, secret, nowMs)).toEqual({});
    expect(await previewOverridesFromRequest("http://[bad", "sb_preview", secret, nowMs)).toEqual({});
  });
});
