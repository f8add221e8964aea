import { describe, expect, it } from "vitest";
import { pickBusinessEvent, seenNamesOf } from "./business-event.js";

describe("pickBusinessEvent", () => {
  it("picks the most frequent name after the request event every service sends", () => {
    expect(
      pickBusinessEvent([
        { name: "request", count: 900 },
        { name: "signup", count: 40 },
        { name: "checkout", count: 12 },
      ]),
    ).toBe("signup");
  });

  it("picks the only name there is, and none without events", () => {
    expect(pickBusinessEvent([{ name: "request", count: 3 }])).toBe("request");
    expect(pickBusinessEvent([])).toBeNull();
  });
});

describe("seenNamesOf", () => {
  it("reads a name, count answer most frequent first, leaving out events without a name", () => {
    expect(
      seenNamesOf([
        ["signup", 4],
        [null, 50],
        ["request", "90"],
      ]),
    ).toEqual([
      { name: "request", count: 90 },
      { name: "signup", count: 4 },
    ]);
  });
});
