import type { Flag } from "@switchboard/core";
import { describe, expect, it } from "vitest";
import { experimentKeysOf } from "./experiment-keys.js";

const flag = {
  type: "string",
  defaultVariation: "a",
  environments: {
    staging: { rules: [{ id: "s", kind: "experiment", key: "exp-staging", variations: ["a", "b"] }] },
    production: {
      rules: [
        { id: "f", kind: "force", serve: "b", segments: ["staff"] },
        { id: "e", kind: "experiment", key: "exp-prod", variations: ["a", "b"] },
        { id: "e2", kind: "experiment", key: "exp-staging", variations: ["a", "b"] },
      ],
    },
  },
} as Flag;

describe("experimentKeysOf", () => {
  it("lists the experiments of the shown environment first, then the others, each once", () => {
    expect(experimentKeysOf(flag, "production")).toEqual(["exp-prod", "exp-staging"]);
    expect(experimentKeysOf(flag, "staging")).toEqual(["exp-staging", "exp-prod"]);
    expect(experimentKeysOf({ type: "boolean", defaultVariation: "off" } as Flag, "production")).toEqual([]);
  });
});
