import { describe, expect, it } from "vitest";
import { messagesAt, unclaimed } from "./field-problems.js";

const problems = [
  { path: "where[0].field", message: 'unknown field "bogus"' },
  { path: "where[10].value", message: "must be a number" },
  { path: "tolerance", message: "must be > 0" },
  { path: "numerator.field", message: "is required to sum" },
  { path: "", message: "the body is wrong" },
];

describe("field problems", () => {
  it("gives a field its own messages and those inside it, never a sibling's with the same prefix", () => {
    expect(messagesAt(problems, "where[0].field")).toEqual(['unknown field "bogus"']);
    expect(messagesAt(problems, "where[0]")).toEqual(['unknown field "bogus"']);
    expect(messagesAt(problems, "where[1]")).toEqual([]);
    expect(messagesAt(problems, "numerator")).toEqual(["is required to sum"]);
    expect(messagesAt(problems, "tolerance")).toEqual(["must be > 0"]);
  });

  it("leaves the problems no shown field claims for the note under the form", () => {
    expect(unclaimed(problems, ["where", "tolerance"]).map((p) => p.path)).toEqual(["numerator.field", ""]);
  });
});
