import { describe, expect, it } from "vitest";
import { analysisFromUrl, analysisToUrl, resultsPath } from "./analysis-query.js";

describe("the analysis choice in the address and in the API query", () => {
  it("defaults to the API's defaults and ignores values the API would refuse", () => {
    expect(analysisFromUrl(new URLSearchParams("method=magic&phase=0&correction=x"))).toEqual({
      environment: "production",
      method: "frequentist",
      cuped: true,
      correction: "none",
      phase: null,
    });
  });

  it("maps every selector to the results API's query parameter of the same meaning", () => {
    const choice = analysisFromUrl(
      new URLSearchParams("env=staging&method=bayesian&cuped=false&correction=holm&phase=2"),
    );
    expect(resultsPath("checkout exp", choice)).toBe(
      "/experiments/checkout%20exp/results?environment=staging&method=bayesian&cuped=false&correction=holm&phase=2",
    );
    const page = analysisToUrl("checkout-exp", choice);
    expect(page).toBe("/experiments/checkout-exp?env=staging&method=bayesian&cuped=false&correction=holm&phase=2");
    expect(analysisFromUrl(new URL(page, "http://x").searchParams)).toEqual(choice);
  });
});
