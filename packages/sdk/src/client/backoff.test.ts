import { describe, expect, it } from "vitest";
import { backoffDelayMs, DEFAULT_BACKOFF } from "./backoff.js";

describe("backoffDelayMs", () => {
  it("doubles per attempt between half and the whole of the exponential ceiling", () => {
    const low = [0, 1, 2, 3].map((attempt) => backoffDelayMs(attempt, DEFAULT_BACKOFF, () => 0));
    const high = [0, 1, 2, 3].map((attempt) => backoffDelayMs(attempt, DEFAULT_BACKOFF, () => 1));
    expect(low).toEqual([500, 1_000, 2_000, 4_000]);
    expect(high).toEqual([1_000, 2_000, 4_000, 8_000]);
  });

  it("never exceeds the maximum, however many attempts failed", () => {
    for (const attempt of [5, 10, 100, 10_000]) {
      expect(backoffDelayMs(attempt, DEFAULT_BACKOFF, () => 1)).toBe(30_000);
      expect(backoffDelayMs(attempt, DEFAULT_BACKOFF, () => 0)).toBe(15_000);
    }
  });

  it("spreads clients apart with jitter and tolerates a random source outside [0, 1]", () => {
    const delays = new Set([0.1, 0.4, 0.7, 0.9].map((r) => backoffDelayMs(2, DEFAULT_BACKOFF, () => r)));
    expect(delays.size).toBe(4);
    expect(backoffDelayMs(0, DEFAULT_BACKOFF, () => 7)).toBe(1_000);
    expect(backoffDelayMs(0, DEFAULT_BACKOFF, () => Number.NaN)).toBe(500);
  });
});
