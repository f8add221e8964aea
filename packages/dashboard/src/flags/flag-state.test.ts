import type { Flag } from "@switchboard/core";
import { describe, expect, it } from "vitest";
import { envStateOf, filterStateOf, summarizeRule } from "./flag-state.js";

const flag = (production: NonNullable<Flag["environments"]>[string]): Flag =>
  ({ key: "f", type: "boolean", defaultVariation: "off", environments: { production } }) as Flag;

describe("envStateOf", () => {
  it("is off when killed, and the default when there are no rules or no settings", () => {
    expect(envStateOf(flag({ enabled: false, rules: [] }), "production")).toEqual({ kind: "off", label: "off" });
    expect(envStateOf(flag({ enabled: true, rules: [] }), "production").label).toBe("all: off");
    expect(envStateOf(flag({ enabled: true, rules: [] }), "staging").kind).toBe("default");
  });

  it("shows a ramp for everyone as its percent and a full force as 100%", () => {
    const ramp = envStateOf(
      flag({ enabled: true, rules: [{ id: "r", kind: "ramp", serve: "on", percent: 25 }] }),
      "production",
    );
    expect(ramp).toEqual({ kind: "ramp", label: "ramp 25%", percent: 25 });
    const full = envStateOf(flag({ enabled: true, rules: [{ id: "f", kind: "force", serve: "on" }] }), "production");
    expect(full).toEqual({ kind: "full", label: "100% on" });
  });

  it("draws a ramp at 100% for everyone as full, not as a ramp, alone or after other rules", () => {
    const done = envStateOf(
      flag({ enabled: true, rules: [{ id: "r", kind: "ramp", serve: "on", percent: 100 }] }),
      "production",
    );
    expect(done).toEqual({ kind: "full", label: "100% on" });
    const afterStaff = envStateOf(
      flag({
        enabled: true,
        rules: [
          { id: "t", kind: "force", serve: "on", segments: ["staff"] },
          { id: "r", kind: "ramp", serve: "on", percent: 100 },
        ],
      }),
      "production",
    );
    expect(afterStaff).toEqual({ kind: "rules", label: "2 rules" });
  });

  it("summarises targeted and multiple rules", () => {
    const targeted = flag({
      enabled: true,
      rules: [{ id: "t", kind: "force", serve: "on", condition: { country: "jp" } }],
    });
    expect(envStateOf(targeted, "production")).toEqual({ kind: "rules", label: 'force on to country="jp"' });
    const two = flag({
      enabled: true,
      rules: [
        { id: "t", kind: "force", serve: "on", segments: ["staff"] },
        { id: "r", kind: "ramp", serve: "on", percent: 10 },
      ],
    });
    expect(envStateOf(two, "production")).toEqual({ kind: "ramp", label: "2 rules · ramp 10%", percent: 10 });
  });
});

describe("filterStateOf", () => {
  it("is ramping while a rule serves part of the traffic", () => {
    expect(
      filterStateOf(flag({ enabled: true, rules: [{ id: "r", kind: "ramp", serve: "on", percent: 5 }] }), "production"),
    ).toBe("ramping");
    expect(
      filterStateOf(
        flag({ enabled: true, rules: [{ id: "r", kind: "ramp", serve: "on", percent: 100 }] }),
        "production",
      ),
    ).toBe("on");
    expect(filterStateOf(flag({ enabled: false, rules: [] }), "production")).toBe("off");
  });
});

describe("summarizeRule", () => {
  it("names lists by their size and segments by name", () => {
    expect(
      summarizeRule({
        id: "x",
        kind: "force",
        serve: "on",
        condition: { id: { $in: ["a", "b", "c"] } },
        segments: ["beta"],
      }),
    ).toBe("force on to id in 3 values, segment beta");
  });
});
