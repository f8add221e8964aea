import { describe, expect, test } from "vitest";
import { newPreviewSecret, signPreviewToken, verifyPreviewToken } from "./preview-token.js";

const service = { name: "web", environment: "production" };
const secret = newPreviewSecret();
const now = 1_800_000_000;

describe("preview tokens", () => {
  test("a signed token names its pool until it expires", () => {
    const token = signPreviewToken(secret, service, "b", now + 60);
    expect(verifyPreviewToken(secret, service, token, now)).toBe("b");
    expect(verifyPreviewToken(secret, service, token, now + 61)).toBeUndefined();
  });

  test("a token for another service, pool or secret is refused", () => {
    const token = signPreviewToken(secret, service, "b", now + 60);
    expect(verifyPreviewToken(secret, { ...service, name: "api" }, token, now)).toBeUndefined();
    expect(verifyPreviewToken(newPreviewSecret(), service, token, now)).toBeUndefined();
    expect(verifyPreviewToken(secret, service, token.replace(/^b\./, "a."), now)).toBeUndefined();
  });

  test("a signature with extra, missing or non-hex characters is refused", () => {
    const token = signPreviewToken(secret, service, "b", now + 60);
    expect(verifyPreviewToken(secret, service, `${token}0`, now)).toBeUndefined();
    expect(verifyPreviewToken(secret, service, `${token}z`, now)).toBeUndefined();
    expect(verifyPreviewToken(secret, service, token.slice(0, -1), now)).toBeUndefined();
    expect(verifyPreviewToken(secret, service, token.toUpperCase(), now)).toBeUndefined();
  });

  test("D20: an expiry that is not in canonical decimal form is refused, whatever it parses to", () => {
    const token = signPreviewToken(secret, service, "b", now + 60);
    const [pool, expiry, signature] = token.split(".");
    const variants = [
      `0${expiry}`,
      `+${expiry}`,
      ` ${expiry}`,
      `${expiry} `,
      `0x${(now + 60).toString(16)}`,
      `${expiry}.0`,
    ];
    for (const variant of variants) {
      expect(verifyPreviewToken(secret, service, `${pool}.${variant}.${signature}`, now)).toBeUndefined();
    }
    expect(verifyPreviewToken(secret, service, `${pool}.${expiry}.${signature}`, now)).toBe("b");
  });
});
