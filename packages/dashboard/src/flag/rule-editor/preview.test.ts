import type { Flag, Rule } from "@switchboard/core";
import { describe, expect, it } from "vitest";
import { previewAssignments, tally } from "./preview.js";

const flag: Flag = {
  type: "string",
  variations: [
    { key: "control", value: "blue" },
    { key: "green", value: "green" },
  ],
  defaultVariation: "control",
  environments: { production: { rules: [] } },
};
const contexts = [
  { id: "u-1", country: "jp" },
  { id: "u-2", country: "de" },
  { id: "u-3", country: "jp", plan: "pro" },
];
const preview = (rules: unknown, segments = {}) =>
  previewAssignments({ flagKey: "color", flag, environment: "production", rules, segments, contexts });

describe("the live preview", () => {
  it("evaluates the edited rules with the core evaluator, first matching rule wins", () => {
    const rules: Rule[] = [
      { id: "pro", kind: "force", condition: { plan: "pro" }, serve: "control" },
      { id: "japan", kind: "force", condition: { country: "jp" }, serve: "green" },
    ];
    expect(preview(rules)).toEqual({
      ok: true,
      rows: [
        { variation: "green", ruleId: "japan" },
        { variation: "control", ruleId: "" },
        { variation: "control", ruleId: "pro" },
      ],
    });
    const reordered = preview([rules[1], rules[0]]);
    expect(reordered.ok && reordered.rows[2]).toEqual({ variation: "green", ruleId: "japan" });
  });

  it("resolves segments by name", () => {
    const segments = { japan: { condition: { country: "jp" } } };
    const result = preview([{ id: "s", kind: "force", segments: ["japan"], serve: "green" }], segments);
    expect(result.ok && result.rows.map((r) => r.variation)).toEqual(["green", "control", "green"]);
  });

  it("says why there is no preview when the rules do not validate", () => {
    const result = preview([{ id: "r", kind: "ramp", serve: "green", percent: 140 }]);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problem).toContain("percent");
  });

  it("counts units per variation in the flag's order", () => {
    const rows = [
      { variation: "green", ruleId: "a" },
      { variation: "green", ruleId: "a" },
      { variation: null, ruleId: "" },
    ];
    expect(tally(rows, ["control", "green"])).toEqual([
      ["control", 0],
      ["green", 2],
      ["?", 1],
    ]);
  });
});
