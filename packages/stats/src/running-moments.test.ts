import { describe, expect, it } from "vitest";
import {
  addObservation,
  EMPTY_MOMENTS,
  mergeMoments,
  momentsOf,
  populationVariance,
  sampleStandardDeviation,
  sampleVariance,
} from "./running-moments.js";

describe("running moments (Welford)", () => {
  it("gives the textbook mean and variances of a small sample", () => {
    const moments = momentsOf([2, 4, 4, 4, 5, 5, 7, 9]);
    expect(moments.count).toBe(8);
    expect(moments.mean).toBe(5);
    expect(populationVariance(moments)).toBe(4);
    expect(sampleVariance(moments)).toBeCloseTo(32 / 7, 14);
    expect(sampleStandardDeviation(moments)).toBeCloseTo(Math.sqrt(32 / 7), 14);
  });

  it("keeps the variance of values with a huge offset, where the sum of squares loses every digit", () => {
    const moments = momentsOf([1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16]);
    expect(sampleVariance(moments)).toBeCloseTo(30, 9);
  });

  it("merges two partial results into the moments of the whole sample", () => {
    const values = [1.5, -2, 3.25, 8, 0, 4.75, 11, -6.5, 2];
    const whole = momentsOf(values);
    const merged = mergeMoments(momentsOf(values.slice(0, 4)), momentsOf(values.slice(4)));
    expect(merged.count).toBe(whole.count);
    expect(merged.mean).toBeCloseTo(whole.mean, 14);
    expect(merged.m2).toBeCloseTo(whole.m2, 12);
    expect(mergeMoments(EMPTY_MOMENTS, whole)).toBe(whole);
    expect(mergeMoments(whole, EMPTY_MOMENTS)).toBe(whole);
  });

  it("has no variance before it has enough observations", () => {
    expect(sampleVariance(EMPTY_MOMENTS)).toBeNaN();
    expect(populationVariance(EMPTY_MOMENTS)).toBeNaN();
    const one = addObservation(EMPTY_MOMENTS, 3);
    expect(sampleVariance(one)).toBeNaN();
    expect(populationVariance(one)).toBe(0);
  });
});
