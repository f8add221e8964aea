import { describe, expect, test } from "vitest";
import { isoTime } from "./iso-time.js";

describe("isoTime", () => {
  test("matches Date#toISOString, within one second and across seconds, days and years", () => {
    const starts = [0, 999, 1_000, 1_700_000_000_000, 1_735_689_599_998, 951_782_400_000, 253_402_300_799_999];
    for (const start of starts) {
      for (let step = 0; step < 3; step++) {
        const ms = start + step * 7;
        expect(isoTime(ms)).toBe(new Date(ms).toISOString());
      }
    }
  });

  test("leaves times outside 1970–9999 and fractional times to the platform", () => {
    for (const ms of [-1, -62_198_755_200_000, 253_402_300_800_000, 1_700_000_000_000.7]) {
      expect(isoTime(ms)).toBe(new Date(ms).toISOString());
    }
    expect(() => isoTime(Number.NaN)).toThrow(RangeError);
  });
});
