import type { Rule } from "@switchboard/core";
import { describe, expect, it } from "vitest";
import { draftsFromRules, freshRuleId, hasIncompleteRows, newDraft, rulesFromDrafts, withKind } from "./rule-drafts.js";

const rules: Rule[] = [
  { id: "jp", kind: "force", condition: { country: "jp" }, serve: "on" },
  { id: "or", kind: "force", condition: { $or: [{ a: 1 }, { b: 2 }] }, serve: "on" },
  { id: "ramp", kind: "ramp", serve: "on", percent: 25 },
];

describe("rule drafts", () => {
  it("round-trips stored rules unchanged, conditions rows cannot show included", () => {
    const drafts = draftsFromRules(rules);
    expect(drafts[1]?.rows).toBeNull();
    expect(rulesFromDrafts(drafts)).toEqual(rules);
  });

  it("takes the condition from the rows, dropping it when no complete row is left", () => {
    const [first] = draftsFromRules(rules);
    if (first === undefined) throw new Error("no draft");
    const edited = {
      ...first,
      rows: [...(first.rows ?? []), { attribute: "plan", operator: "eq", value: "pro" } as const],
    };
    expect(rulesFromDrafts([edited])[0]?.condition).toEqual({ country: "jp", plan: "pro" });
    const emptied = { ...first, rows: [{ attribute: "", operator: "eq", value: "" } as const] };
    expect(rulesFromDrafts([emptied])[0]).toEqual({ id: "jp", kind: "force", serve: "on" });
    expect(hasIncompleteRows([emptied])).toBe(true);
    expect(hasIncompleteRows([first])).toBe(false);
  });

  it("changes a rule's kind and keeps who it applies to", () => {
    const experiment = withKind(rules[0] as Rule, "experiment", ["off", "on"], "my-flag");
    expect(experiment).toEqual({
      id: "jp",
      kind: "experiment",
      condition: { country: "jp" },
      key: "my-flag",
      variations: ["off", "on"],
      weights: [0.5, 0.5],
    });
    expect(withKind(experiment, "ramp", ["off", "on"], "my-flag")).toEqual({
      id: "jp",
      kind: "ramp",
      condition: { country: "jp" },
      serve: "on",
      percent: 10,
    });
  });

  it("adds new rules with fresh ids and keys", () => {
    const drafts = draftsFromRules([{ id: "rule-2", kind: "force", serve: "on" }]);
    expect(freshRuleId(drafts)).toBe("rule-3");
    const added = newDraft(drafts, ["off", "on"]);
    expect(added.rule).toEqual({ kind: "force", id: "rule-3", serve: "on" });
    const again = newDraft([...drafts, added], ["off", "on"]);
    expect(again.key).not.toBe(added.key);
    expect(again.rule.id).toBe("rule-4");
  });
});
