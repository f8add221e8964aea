import { describe, expect, it } from "vitest";
import { orderEnvironments } from "./environment-order.js";

describe("orderEnvironments", () => {
  it("keeps the server's configured order instead of sorting production first or by name", () => {
    expect(orderEnvironments(["development", "staging", "production"])).toEqual([
      "development",
      "staging",
      "production",
    ]);
  });

  it("adds environments only flags mention after the declared ones, by name, once each", () => {
    expect(orderEnvironments(["development", "production"], ["zeta", "production", "alpha", "zeta"])).toEqual([
      "development",
      "production",
      "alpha",
      "zeta",
    ]);
  });
});
