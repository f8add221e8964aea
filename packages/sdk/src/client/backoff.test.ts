import { describe, expect, it } from "vitest";
import { backoffDelayMs, DEFAULT_BACKOFF, PROBE_CEILING_MS, probeDelayMs, QUICK_PROBE_WINDOW_MS } from "./backoff.js";

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

describe("probeDelayMs", () => {
  it("probes a server that refuses connections between 250 and 500 ms apart, so a restart costs at most 0.5 s", () => {
    expect(PROBE_CEILING_MS).toBeLessThan(1_000);
    for (const outageMs of [0, 1_000, 12_000, QUICK_PROBE_WINDOW_MS - 1]) {
      expect(probeDelayMs(outageMs, DEFAULT_BACKOFF, () => 0)).toBe(250);
      expect(probeDelayMs(outageMs, DEFAULT_BACKOFF, () => 1)).toBe(500);
    }
  });

  it("spreads the probes of a fleet uniformly over the window, so a returning server sees no thundering herd", () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647;
    };
    const delays = Array.from({ length: 10_000 }, () => probeDelayMs(5_000, DEFAULT_BACKOFF, random) ?? 0);
    const buckets = [0, 0, 0, 0];
    for (const delay of delays) buckets[Math.min(3, Math.floor((delay - 250) / 62.5))]++;
    for (const count of buckets) expect(count).toBeGreaterThan(2_200);
  });

  it("hands over to the exponential backoff after the quick-probe window, and never exceeds maxDelayMs", () => {
    expect(probeDelayMs(QUICK_PROBE_WINDOW_MS, DEFAULT_BACKOFF, () => 1)).toBeUndefined();
    expect(probeDelayMs(0, { initialDelayMs: 20, maxDelayMs: 50 }, () => 1)).toBe(50);
  });
});
