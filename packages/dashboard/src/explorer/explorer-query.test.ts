import { describe, expect, it } from "vitest";
import { DEFAULT_QUERY, FNS, queryFromUrl, toRequest } from "./explorer-query.js";

describe("the explorer's aggregates", () => {
  it("offers ratio and sends it with its per field, as the query language defines it", () => {
    expect(FNS).toContain("ratio");
    const request = toRequest({
      ...DEFAULT_QUERY,
      aggregates: [{ fn: "ratio", field: "spans.sql.ms", per: "spans.sql.count" }],
    });
    expect(request["aggregates"]).toEqual([{ fn: "ratio", field: "spans.sql.ms", per: "spans.sql.count" }]);
  });

  it("drops per from other functions and empty fields from every one", () => {
    const request = toRequest({
      ...DEFAULT_QUERY,
      aggregates: [
        { fn: "sum", field: "spans.sql.ms", per: "spans.sql.count" },
        { fn: "count", field: "" },
      ],
    });
    expect(request["aggregates"]).toEqual([{ fn: "sum", field: "spans.sql.ms" }, { fn: "count" }]);
  });

  it("reads a shared ratio query back from the address unchanged", () => {
    const aggregates = [{ fn: "ratio", field: "spans.sql.ms", per: "spans.sql.count" }];
    const q = queryFromUrl(new URLSearchParams({ q: JSON.stringify({ aggregates }) }));
    expect(q.aggregates).toEqual(aggregates);
  });
});
