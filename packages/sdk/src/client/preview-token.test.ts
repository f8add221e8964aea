import { describe, expect, it } from "vitest";
import { previewOverridesFromRequest } from "./preview-overrides.js";
import { mintPreviewToken, verifyPreviewToken } from "./preview-token.js";

const secret = "preview-secret";
const nowMs = Date.parse("2025-06-01T09:00:00Z");
const exp = nowMs / 1000 + 3600;

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
    expect(await verifyPreviewToken(token, "other", nowMs)).toEqual({ valid: false, reason: "bad-signature" });
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
