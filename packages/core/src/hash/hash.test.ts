import { describe, expect, test } from "vitest";
import { chooseVariation } from "./choose-variation.js";
import { FNV_OFFSET_BASIS, finishHashV2Plain, fnv1a32, fnvUpdate } from "./fnv.js";
import { finishHashV2, fnvUpdateDigits } from "./fnv-digits.js";
import { getBucketRanges } from "./get-bucket-ranges.js";
import { getQueryStringOverride } from "./get-query-string-override.js";
import { hash } from "./hash.js";

/** The textbook FNV-1a loop, as a reference. */
function referenceFnv(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h += (h << 1) + (h << 4) + (h << 7) + (h << 8) + (h << 24);
  }
  return h >>> 0;
}

describe("fnv", () => {
  test("agrees with the textbook FNV-1a loop, including non-ASCII text", () => {
    for (const text of ["", "a", "foobar", "日本語", "x".repeat(1000), "\u{1F600}"]) {
      expect(fnv1a32(text)).toBe(referenceFnv(text));
    }
  });

  test("hashing a prefix first then the rest equals hashing the whole", () => {
    expect(fnvUpdate(fnv1a32("seed"), "value")).toBe(fnv1a32("seedvalue"));
  });

  test("hashing digits equals hashing the decimal string", () => {
    const edges = [0, 7, 10, 99, 100, 9999, 10000, 10001, 1000000, 20000005, 99999999, 100000000, 100000001];
    edges.push(123456789, 300000000, 4200000042, 4294967295);
    const spread = Array.from({ length: 2000 }, (_, i) => Math.imul(i, 2654435761) >>> 0);
    for (const n of [...edges, ...spread]) {
      expect(fnvUpdateDigits(0x811c9dc5, n)).toBe(fnv1a32(String(n)));
    }
  });
});

describe("hash", () => {
  test("returns null for an unknown version", () => {
    expect(hash("a", "b", 3)).toBeNull();
  });

  test("v2 hashes are in [0, 1)", () => {
    for (let i = 0; i < 1000; i++) {
      const n = hash("s", String(i), 2) ?? -1;
      expect(n >= 0 && n < 1).toBe(true);
    }
  });
});

describe("bucketing helpers", () => {
  test("a hash outside every range chooses no variation", () => {
    expect(chooseVariation(0.3, getBucketRanges(2, 0.5))).toBe(-1);
  });

  test("query string override reads only the first matching key", () => {
    expect(getQueryStringOverride("t", "https://x.test/?t=1&t=0", 2)).toBe(1);
    expect(getQueryStringOverride("t", "https://x.test/?t", 2)).toBeNull();
  });
});

describe("finishHashV2Plain (the lean evaluator's v2 finish, without digit tables)", () => {
  test("gives finishHashV2's value for every state: edges, powers of ten and a spread of others", () => {
    const states = [0, 1, 9, 10, 99, 100, 9_999, 10_000, 99_999_999, 100_000_000, 2 ** 32 - 1];
    for (let i = 0; i < 20_000; i++) states.push(fnvUpdate(FNV_OFFSET_BASIS, `unit-${i}`));
    for (const state of states) expect(finishHashV2Plain(state), String(state)).toBe(finishHashV2(state));
  });
});
