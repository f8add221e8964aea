import { describe, expect, it } from "vitest";
import { createPreviewResolver } from "./customer-preview.js";

const GRANT = {
  id: "p1",
  environment: "production",
  overrides: { checkout: "on" },
  expiresAt: "2026-03-01T01:00:00.000Z",
};
const START = Date.parse("2026-03-01T00:00:00.000Z");

/** A server stand-in that answers from `verdict` and counts the questions. */
function fakeServer() {
  const state = { verdict: "ok" as "ok" | "revoked" | "down", asked: 0, lastUrl: "", lastAuth: "" };
  const fetchStub: typeof fetch = async (input, init) => {
    state.asked++;
    state.lastUrl = String(input);
    state.lastAuth = String((init?.headers as Record<string, string> | undefined)?.["authorization"]);
    if (state.verdict === "down") throw new TypeError("fetch failed");
    if (state.verdict === "revoked") {
      const body = { error: { code: "FORBIDDEN", message: "The preview token was revoked.", reason: "revoked" } };
      return new Response(JSON.stringify(body), { status: 403 });
    }
    return new Response(JSON.stringify(GRANT), { status: 200 });
  };
  return { state, fetchStub };
}

describe("the customer preview resolver", () => {
  it("asks the server with the SDK key, reuses the verdict for cacheMs, then learns of a revocation", async () => {
    const { state, fetchStub } = fakeServer();
    let now = START;
    const previews = createPreviewResolver({ url: "http://sb/", sdkKey: "k1", fetch: fetchStub, now: () => now });
    expect(await previews.overrides(["sbc.a.b"])).toEqual({ checkout: "on" });
    expect(state.lastUrl).toBe("http://sb/api/v1/sdk/preview?token=sbc.a.b");
    expect(state.lastAuth).toBe("Bearer k1");
    state.verdict = "revoked";
    now += 9_000;
    expect(await previews.overrides(["sbc.a.b"])).toEqual({ checkout: "on" });
    expect(state.asked).toBe(1);
    now += 2_000;
    expect(await previews.check("sbc.a.b")).toEqual({ valid: false, reason: "revoked" });
    expect(await previews.overrides(["sbc.a.b"])).toEqual({});
  });

  it("grants nothing when the server cannot confirm, and asks again next time", async () => {
    const { state, fetchStub } = fakeServer();
    state.verdict = "down";
    const previews = createPreviewResolver({ url: "http://sb", sdkKey: "k1", fetch: fetchStub });
    expect(await previews.check("sbc.a.b")).toEqual({ valid: false, reason: "unreachable" });
    state.verdict = "ok";
    expect(await previews.overrides(["sbc.a.b"])).toEqual({ checkout: "on" });
    expect(state.asked).toBe(2);
  });

  it("reads the customer tokens of a request's query and cookie, leaving other tokens alone", async () => {
    const { state, fetchStub } = fakeServer();
    const previews = createPreviewResolver({ url: "http://sb", sdkKey: "k1", fetch: fetchStub });
    expect(await previews.fromRequest("/checkout?sb_preview=sbp.x.y", undefined)).toEqual({});
    expect(state.asked).toBe(0);
    expect(await previews.fromRequest("/checkout", "a=1; sb_preview=sbp.x.y~sbc.c.d")).toEqual({ checkout: "on" });
    expect(state.lastUrl).toContain("token=sbc.c.d");
  });

  it("never reuses a verdict past the token's expiry", async () => {
    const { state, fetchStub } = fakeServer();
    let now = Date.parse(GRANT.expiresAt) - 1_000;
    const previews = createPreviewResolver({
      url: "http://sb",
      sdkKey: "k1",
      fetch: fetchStub,
      now: () => now,
      cacheMs: 60_000,
    });
    await previews.check("sbc.a.b");
    now += 1_000;
    await previews.check("sbc.a.b");
    expect(state.asked).toBe(2);
  });
});
