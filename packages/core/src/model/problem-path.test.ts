import { describe, expect, it } from "vitest";
import { formatProblem } from "./problem.js";
import { formatPath, pointerToSegments } from "./problem-path.js";

describe("problem paths", () => {
  it("formats names that are identifiers with dots, others in brackets, and indexes as [n]", () => {
    expect(formatPath(["flags", "new-checkout", "environments", "production", "rules", 2, "weights"])).toBe(
      'flags["new-checkout"].environments.production.rules[2].weights',
    );
    expect(formatPath(["segments", "1st"])).toBe('segments["1st"]');
  });

  it("tells array indexes from numeric property names by looking at the value", () => {
    const value = { flags: { "0": { rules: [{}, {}] } } };
    expect(pointerToSegments("/flags/0/rules/1", value)).toEqual(["flags", "0", "rules", 1]);
    expect(pointerToSegments("/a~1b/c~0d", {})).toEqual(["a/b", "c~d"]);
  });

  it("prints problems as path: message", () => {
    expect(formatProblem({ path: "flags.x", message: "must be a string" })).toBe("flags.x: must be a string");
    expect(formatProblem({ path: "", message: "must be an object" })).toBe("(root): must be an object");
  });
});
