import { describe, expect, it } from "vitest";
import { exposuresQuery, pivotByVariation } from "./exposures-data.js";

describe("pivotByVariation", () => {
  it("puts each variation's counts on the time grid, known variations first", () => {
    const answer = {
      columns: ["time", "variation", "units"],
      rows: [
        ["1970-01-01T00:01:00.000Z", "on", 3],
        ["1970-01-01T00:00:00.000Z", "off", 2],
        ["1970-01-01T00:02:00.000Z", "off", "4"],
        ["1970-01-01T00:02:00.000Z", "zeta", 1],
        ["1970-01-01T01:00:00.000Z", "on", 9],
      ],
    };
    const series = pivotByVariation(answer, 0, 180, 60, ["off", "on"]);
    expect(series.times).toEqual([0, 60, 120, 180]);
    expect(series.variations).toEqual([
      { key: "off", counts: [2, 0, 4, 0] },
      { key: "on", counts: [0, 3, 0, 0] },
      { key: "zeta", counts: [0, 0, 1, 0] },
    ]);
    expect(series.total).toBe(10);
  });

  it("is empty without rows", () => {
    expect(pivotByVariation({ columns: [], rows: [] }, 0, 60, 60)).toEqual({
      times: [0, 60],
      variations: [],
      total: 0,
    });
  });

  it("asks for distinct exposed units of the flag per variation", () => {
    expect(exposuresQuery("f", "production", "a", "b", "15m")).toMatchObject({
      source: "exposures",
      where: [{ field: "flag", op: "=", value: "f" }],
      groupBy: ["variation"],
      aggregates: [{ fn: "count_distinct", field: "unit" }],
    });
  });
});
