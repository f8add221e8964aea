import { describe, expect, it } from "vitest";
import { experimentPhases, type FlagVersionAt, pickPhase } from "./experiment-phases.js";
import type { Flag } from "./flag-set-schema.js";

function flag(rule: Record<string, unknown> | null, enabled = true): Flag {
  const rules =
    rule === null ? [] : [{ id: "exp", kind: "experiment", key: "checkout-exp", variations: ["off", "on"], ...rule }];
  return {
    type: "boolean",
    defaultVariation: "off",
    environments: { production: { enabled, rules }, staging: { rules: [] } },
  } as Flag;
}

const at = (day: number) => `2026-03-${String(day).padStart(2, "0")}T00:00:00.000Z`;
const phasesOf = (versions: FlagVersionAt[]) => experimentPhases(versions, "checkout", "checkout-exp", "production");

describe("experiment phases", () => {
  it("starts the first phase when the experiment rule first serves, and leaves it open", () => {
    const phases = phasesOf([
      { at: at(1), flag: flag(null) },
      { at: at(2), flag: flag({ weights: [0.5, 0.5] }) },
    ]);
    expect(phases).toEqual([
      { index: 1, start: at(2), end: null, split: { variations: ["off", "on"], weights: [0.5, 0.5], coverage: 1 } },
    ]);
  });

  it("starts a new phase when weights or coverage change, not for unrelated edits", () => {
    const phases = phasesOf([
      { at: at(1), flag: flag({}) },
      { at: at(2), flag: { ...flag({}), description: "an unrelated edit" } },
      { at: at(3), flag: flag({ weights: [0.2, 0.8] }) },
      { at: at(5), flag: flag({ weights: [0.2, 0.8], coverage: 0.5 }) },
    ]);
    expect(phases.map((phase) => [phase.index, phase.start, phase.end])).toEqual([
      [1, at(1), at(3)],
      [2, at(3), at(5)],
      [3, at(5), null],
    ]);
    expect(phases[2]?.split).toEqual({ variations: ["off", "on"], weights: [0.2, 0.8], coverage: 0.5 });
    expect(pickPhase(phases)?.index).toBe(3);
    expect(pickPhase(phases, 2)?.start).toBe(at(3));
    expect(pickPhase(phases, 9)).toBeUndefined();
  });

  it("ends a phase at the kill switch, the rule's removal or the flag's archive; resuming opens a new one", () => {
    const phases = phasesOf([
      { at: at(1), flag: flag({}) },
      { at: at(2), flag: flag({}, false) },
      { at: at(3), flag: flag({}) },
      { at: at(4), flag: flag(null) },
      { at: at(6), flag: flag({}) },
      { at: at(7), flag: null },
    ]);
    expect(phases.map((phase) => [phase.start, phase.end])).toEqual([
      [at(1), at(2)],
      [at(3), at(4)],
      [at(6), at(7)],
    ]);
  });

  it("starts a new phase when units would be reshuffled (seed or hash attribute)", () => {
    const phases = phasesOf([
      { at: at(1), flag: flag({}) },
      { at: at(2), flag: flag({ seed: "other" }) },
      { at: at(3), flag: flag({ seed: "other", hashAttribute: "deviceId" }) },
    ]);
    expect(phases).toHaveLength(3);
  });

  it("ignores other environments and other experiments", () => {
    expect(experimentPhases([{ at: at(1), flag: flag({}) }], "checkout", "checkout-exp", "staging")).toEqual([]);
    expect(experimentPhases([{ at: at(1), flag: flag({}) }], "checkout", "other-exp", "production")).toEqual([]);
  });
});
