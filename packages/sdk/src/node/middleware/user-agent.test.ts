import type { IncomingMessage } from "node:http";
import { describe, expect, test } from "vitest";
import { cookieValue } from "./request-event.js";
import { UserAgentParser } from "./user-agent.js";

describe("UserAgentParser", () => {
  test("reads os, browser and device, desktop when the string names no device type", () => {
    const parser = new UserAgentParser();
    const mac =
      "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36";
    expect(parser.parse(mac)).toEqual({ os: "Mac OS", browser: "Chrome", device: "desktop" });
    expect(parser.parse(undefined)).toEqual({ os: "unknown", browser: "unknown", device: "unknown" });
  });

  test("answers a repeated string from its cache with the same object", () => {
    const parser = new UserAgentParser(2);
    const first = parser.parse("curl/8.5.0");
    expect(parser.parse("curl/8.5.0")).toBe(first);
    // A string used again gets one more pass through the cache before it is forgotten (second chance).
    for (const other of ["a/1", "b/1", "c/1", "d/1"]) parser.parse(other);
    expect(parser.parse("curl/8.5.0")).not.toBe(first);
  });
});

describe("cookieValue", () => {
  const req = (cookie: string) => ({ headers: { cookie } }) as IncomingMessage;
  test("finds the named cookie only, decoded", () => {
    expect(cookieValue(req("xsb_id=no; sb_id=a%20b; z=1"), "sb_id")).toBe("a b");
    expect(cookieValue(req("sb_id=first"), "sb_id")).toBe("first");
    expect(cookieValue(req("xsb_id=no"), "sb_id")).toBeUndefined();
    expect(cookieValue(req("sb_id="), "sb_id")).toBeUndefined();
  });
});
