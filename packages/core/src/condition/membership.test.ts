import { describe, expect, test } from "vitest";
import { compileMembership, SET_THRESHOLD } from "./membership.js";

const scan = (list: unknown[], value: unknown) =>
  Array.isArray(value) ? value.some((item) => list.includes(item)) : list.includes(value);

describe("compileMembership", () => {
  const long = [1, "1", null, false, 0, Number.NaN, "a", "B", true, "", 7.5, ["x"]];
  const probes: unknown[] = [1, "1", -0, 0, Number.NaN, null, undefined, "b", "B", false, "", [7.5], ["x"], [], {}];

  test("a list long enough for a set answers exactly like scanning the list", () => {
    expect(long.length).toBeGreaterThan(SET_THRESHOLD);
    const isIn = compileMembership(long);
    for (const probe of probes) expect(isIn(probe)).toBe(scan(long, probe));
  });

  test("a short list answers exactly like scanning the list", () => {
    const short = long.slice(0, 5);
    const isIn = compileMembership(short);
    for (const probe of probes) expect(isIn(probe)).toBe(scan(short, probe));
  });

  test("ignoring case lower-cases strings on both sides and leaves other types alone", () => {
    for (const list of [
      ["US", "uk", 1],
      ["US", "uk", 1, "a", "b", "c", "d", "e", "f", "g"],
    ]) {
      const isIn = compileMembership(list, true);
      expect(isIn("us")).toBe(true);
      expect(isIn(["x", "UK"])).toBe(true);
      expect(isIn("1")).toBe(false);
      expect(isIn(Number.NaN)).toBe(false);
    }
  });
});
