import { describe, expect, test } from "vitest";
import { toPaddedVersion } from "./version-string.js";

describe("toPaddedVersion", () => {
  test("pads numeric parts so that text order is version order", () => {
    expect(toPaddedVersion("1.10.0") > toPaddedVersion("1.9.0")).toBe(true);
  });

  test("sorts a release after its pre-releases", () => {
    expect(toPaddedVersion("1.0.0") > toPaddedVersion("1.0.0-rc.1")).toBe(true);
    expect(toPaddedVersion("1.0.0-alpha.2") > toPaddedVersion("1.0.0-alpha.1")).toBe(true);
  });

  test("ignores a leading v and build metadata", () => {
    expect(toPaddedVersion("v1.2.3+build.7")).toBe(toPaddedVersion("1.2.3"));
  });

  test("treats missing, empty and non-version values as version 0", () => {
    for (const value of [null, undefined, "", {}, false]) expect(toPaddedVersion(value)).toBe(toPaddedVersion("0"));
  });

  test("reads numbers as their decimal spelling", () => {
    expect(toPaddedVersion(2)).toBe(toPaddedVersion("2"));
  });
});
