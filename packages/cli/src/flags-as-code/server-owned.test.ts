import type { Flag } from "@switchboard/core";
import { describe, expect, it } from "vitest";
import { withServerOwnedFields } from "./server-owned.js";

const file: Flag = {
  type: "boolean",
  defaultVariation: "off",
  environments: {
    production: {
      enabled: true,
      rules: [
        { id: "staff", kind: "force", serve: "on", percent: 50, segments: ["staff"] },
        { id: "rollout", kind: "ramp", serve: "on", percent: 5 },
      ],
    },
    staging: { rules: [{ id: "rollout", kind: "ramp", serve: "on", percent: 100 }] },
  },
};

const server: Flag = {
  type: "boolean",
  defaultVariation: "off",
  environments: {
    production: {
      enabled: false,
      rules: [
        { id: "serve-me", kind: "force", serve: "on", condition: { id: { $in: ["u-42"] } } },
        { id: "staff", kind: "force", serve: "on", segments: ["staff"] },
        { id: "rollout", kind: "ramp", serve: "on", percent: 25 },
      ],
    },
  },
};

describe("withServerOwnedFields", () => {
  it("keeps the kill, the live percentages and the serve-me rule as the server has them", () => {
    const merged = withServerOwnedFields(file, server, ["enabled", "percent", "serve-me"]);
    const production = merged.environments?.["production"];
    expect(production?.enabled).toBe(false);
    expect(production?.rules?.map((r) => [r.id, "percent" in r ? r.percent : "everyone"])).toEqual([
      ["serve-me", "everyone"],
      ["staff", "everyone"],
      ["rollout", 25],
    ]);
    // An environment the server does not have yet takes the file's values.
    expect(merged.environments?.["staging"]).toEqual(file.environments?.["staging"]);
  });

  it("owns nothing it is not told to, and leaves a flag new to the server as the file has it", () => {
    expect(withServerOwnedFields(file, server, [])).toEqual(file);
    expect(withServerOwnedFields(file, undefined, ["enabled", "percent"])).toEqual(file);
    const percentOnly = withServerOwnedFields(file, server, ["percent"]).environments?.["production"];
    expect(percentOnly?.enabled).toBe(true);
    expect(percentOnly?.rules?.map((r) => r.id)).toEqual(["staff", "rollout"]);
  });
});
