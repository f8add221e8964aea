import { describe, expect, it } from "vitest";
import { splitText, weightsBody, weightsFromSplit, weightsProblem } from "./weights.js";

describe("weights", () => {
  it("start from the current split, every pool listed", () => {
    expect(weightsFromSplit(["a", "b", "c"], { b: 100 })).toEqual([
      { pool: "a", percent: 0 },
      { pool: "b", percent: 100 },
      { pool: "c", percent: 0 },
    ]);
  });

  it("must sum to 100 with at most two decimals", () => {
    expect(
      weightsProblem([
        { pool: "a", percent: 90 },
        { pool: "b", percent: 10 },
      ]),
    ).toBeNull();
    expect(
      weightsProblem([
        { pool: "a", percent: 33.33 },
        { pool: "b", percent: 66.67 },
      ]),
    ).toBeNull();
    expect(
      weightsProblem([
        { pool: "a", percent: 95 },
        { pool: "b", percent: 100 },
      ]),
    ).toContain("sum to 195%");
    expect(
      weightsProblem([
        { pool: "a", percent: 0.001 },
        { pool: "b", percent: 99.999 },
      ]),
    ).toContain("two decimals");
    expect(
      weightsProblem([
        { pool: "a", percent: -5 },
        { pool: "b", percent: 105 },
      ]),
    ).toContain("between 0 and 100");
  });

  it("are sent as an object of the pools with a share", () => {
    expect(
      weightsBody([
        { pool: "a", percent: 0 },
        { pool: "b", percent: 100 },
      ]),
    ).toEqual({ b: 100 });
  });

  it("read as a few words", () => {
    expect(splitText({ a: 0, b: 100 })).toBe("all to b");
    expect(splitText({ a: 90, b: 10 })).toBe("a 90% · b 10%");
  });
});
