import { describe, expect, it } from "vitest";
import { MIN_SPAN_S, panBy, wheelFactor, zoomAt } from "./zoom-range.js";

const day = { min: 0, max: 86_400 };

describe("zoomAt", () => {
  it("keeps the point under the cursor in place", () => {
    const next = zoomAt(day, day, 21_600, 0.5);
    expect(next).toEqual({ min: 10_800, max: 54_000 });
  });

  it("is null once zoomed out to the whole extent, and never leaves it", () => {
    expect(zoomAt({ min: 1000, max: 50_000 }, day, 20_000, 4)).toBeNull();
    const edge = zoomAt({ min: 80_000, max: 86_400 }, day, 86_400, 1.5);
    expect(edge?.max).toBe(86_400);
    expect(edge?.min).toBeGreaterThanOrEqual(0);
  });

  it("stops at the narrowest span", () => {
    const next = zoomAt({ min: 1000, max: 1400 }, day, 1200, 0.1);
    expect(next === null ? 0 : next.max - next.min).toBe(MIN_SPAN_S);
  });
});

describe("panBy", () => {
  it("moves the range and clamps it to the extent", () => {
    expect(panBy({ min: 100, max: 200 }, day, 50)).toEqual({ min: 150, max: 250 });
    expect(panBy({ min: 100, max: 200 }, day, -500)).toEqual({ min: 0, max: 100 });
    expect(panBy({ min: 86_000, max: 86_300 }, day, 1000)).toEqual({ min: 86_100, max: 86_400 });
  });

  it("leaves an unzoomed chart alone", () => {
    expect(panBy(null, day, 100)).toBeNull();
  });
});

describe("wheelFactor", () => {
  it("zooms in when scrolling up, out when scrolling down, within bounds", () => {
    expect(wheelFactor(-100)).toBeLessThan(1);
    expect(wheelFactor(100)).toBeGreaterThan(1);
    expect(wheelFactor(1e6)).toBe(4);
    expect(wheelFactor(-1e6)).toBe(0.25);
  });
});
