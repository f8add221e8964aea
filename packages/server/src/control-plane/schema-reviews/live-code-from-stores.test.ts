import type { Flag } from "@switchboard/core";
import { describe, expect, test } from "vitest";
import { flagRolloutStates } from "./live-code-from-stores.js";

const environments = ["development", "staging", "production"];

describe("flagRolloutStates", () => {
  test("a boolean flag: off where only off is served, partial under a ramp, on at 100 % or by default", () => {
    const flag: Flag = {
      type: "boolean",
      defaultVariation: "off",
      environments: {
        staging: { rules: [{ id: "all", kind: "ramp", serve: "on", percent: 100 }] },
        production: { rules: [{ id: "ramp", kind: "ramp", serve: "on", percent: 5 }] },
      },
    } as Flag;
    expect(flagRolloutStates(flag, environments)).toEqual({
      development: "off",
      staging: "on",
      production: "partial",
    });
  });

  test("the kill switch serves the environment's default; a default of on is on", () => {
    const flag = {
      type: "boolean",
      defaultVariation: "on",
      environments: { production: { enabled: false, defaultVariation: "off" } },
    } as Flag;
    expect(flagRolloutStates(flag, environments)).toEqual({ development: "on", staging: "on", production: "off" });
  });

  test("a multi-variation flag: the old side is its default variation; an experiment is partial", () => {
    const flag = {
      type: "string",
      variations: [
        { key: "classic", value: "classic" },
        { key: "compact", value: "compact" },
      ],
      defaultVariation: "classic",
      environments: {
        production: {
          rules: [{ id: "exp", kind: "experiment", variations: ["classic", "compact"], weights: [0.5, 0.5] }],
        },
        staging: { defaultVariation: "compact" },
      },
    } as unknown as Flag;
    expect(flagRolloutStates(flag, environments)).toEqual({
      development: "off",
      staging: "on",
      production: "partial",
    });
  });
});
