import type { Change, Flag, StoredDocument } from "@switchboard/core";
import { describe, expect, it } from "vitest";
import { debtBoard } from "./debt-candidates.js";
import { exposedStretch, type VariationSeen } from "./exposed-variation.js";
import { servedToEveryone } from "./served-variation.js";

const DAY = 86_400_000;
const NOW = new Date("2026-06-01T00:00:00.000Z");
const ENVIRONMENTS = ["development", "production"];

const base: Flag = { type: "boolean", defaultVariation: "off" };

function doc(key: string, body: Flag, createdDaysAgo: number): StoredDocument<Flag> {
  const at = new Date(NOW.getTime() - createdDaysAgo * DAY).toISOString();
  return { kind: "flag", key, body, version: 1, archived: false, createdAt: at, updatedAt: at };
}

function change(key: string, daysAgo: number, after: Flag, action = "flag.update"): Change {
  const at = new Date(NOW.getTime() - daysAgo * DAY).toISOString();
  return {
    seq: 0,
    at,
    actor: "ana",
    action,
    subjectKind: "flag",
    subjectKey: key,
    environment: null,
    before: null,
    after,
    reason: null,
    version: 1,
  };
}

/** A variation the event store saw from `firstDaysAgo` to `lastDaysAgo`. */
function seenBetween(variation: string, firstDaysAgo: number, lastDaysAgo: number): VariationSeen {
  const at = (days: number) => new Date(NOW.getTime() - days * DAY).toISOString();
  return { variation, first: at(firstDaysAgo), last: at(lastDaysAgo) };
}

describe("servedToEveryone", () => {
  it.each([
    ["no rules anywhere: the default", base, "off"],
    [
      "a killed environment serves its default",
      { ...base, defaultVariation: "on", environments: { production: { enabled: false, defaultVariation: "on" } } },
      "on",
    ],
    [
      "a 0 % rule serves nobody",
      { ...base, environments: { production: { rules: [{ id: "r", kind: "ramp", serve: "on", percent: 0 }] } } },
      "off",
    ],
    [
      "full on in one environment only is not one variation",
      { ...base, environments: { production: { rules: [{ id: "r", kind: "ramp", serve: "on", percent: 100 }] } } },
      undefined,
    ],
    [
      "full on everywhere",
      {
        ...base,
        defaultVariation: "on",
        environments: { production: { rules: [{ id: "r", kind: "ramp", serve: "on", percent: 100 }] } },
      },
      "on",
    ],
    [
      "a targeted rule serving another variation",
      {
        ...base,
        environments: { development: { rules: [{ id: "r", kind: "force", serve: "on", condition: { staff: true } }] } },
      },
      undefined,
    ],
    [
      "a partial ramp",
      { ...base, environments: { production: { rules: [{ id: "r", kind: "ramp", serve: "on", percent: 50 }] } } },
      undefined,
    ],
  ] as [string, Flag, string | undefined][])("%s", (_name, flag, expected) => {
    expect(servedToEveryone(flag, ENVIRONMENTS)).toBe(expected);
  });
});

describe("debtBoard", () => {
  it("finds no activity for N days from the event store's last evaluation, and never-evaluated old flags", () => {
    const board = debtBoard({
      now: NOW,
      days: 30,
      flags: [
        doc(
          "quiet",
          { ...base, environments: { production: { rules: [{ id: "r", kind: "ramp", serve: "on", percent: 10 }] } } },
          90,
        ),
        doc("busy", base, 90),
        doc("young", base, 5),
        doc("never", { ...base, owner: "team-x" }, 40),
      ],
      environments: ENVIRONMENTS,
      history: new Map(),
      sets: [],
      seen: new Map([
        ["quiet", [seenBetween("on", 45, 45)]],
        ["busy", [seenBetween("off", 1, 1)]],
      ]),
    });
    expect(board.candidates.map((c) => [c.flag, c.findings.map((f) => `${f.reason}: ${f.detail}`)])).toEqual([
      ["quiet", ["no-activity: no evaluation or exposure since 2026-04-17"]],
      ["never", ["no-activity: never evaluated or exposed"]],
    ]);
    expect(board.activityKnown).toBe(true);
    // Quiet for N days counts from the last activity: quiet joined 15 days ago, never 10 days ago.
    expect(board.weekly.map((w) => w.total)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 2]);
  });

  it("measures one variation from the change log: a later change back to a ramp ends the stretch", () => {
    const on: Flag = { ...base, defaultVariation: "on" };
    const ramp: Flag = {
      ...base,
      environments: { production: { rules: [{ id: "r", kind: "ramp", serve: "on", percent: 50 }] } },
    };
    const history = new Map([
      ["launched", [change("launched", 80, ramp, "flag.create"), change("launched", 60, on)]],
      [
        "reopened",
        [change("reopened", 80, ramp, "flag.create"), change("reopened", 60, on), change("reopened", 10, ramp)],
      ],
    ]);
    const board = debtBoard({
      now: NOW,
      days: 30,
      flags: [doc("launched", on, 80), doc("reopened", ramp, 80)],
      environments: ENVIRONMENTS,
      history,
      sets: [],
      seen: undefined,
    });
    expect(board.candidates.map((c) => c.flag)).toEqual(["launched"]);
    expect(board.candidates[0]?.findings[0]).toMatchObject({
      reason: "one-variation",
      variation: "on",
      since: "2026-04-02T00:00:00.000Z",
    });
    expect(board.candidates[0]?.ageDays).toBe(60);
    // "reopened" was debt from day 30 after its launch until it was ramped again 10 days ago.
    const weekly = board.weekly.map((w) => w.total);
    expect(weekly.at(-1)).toBe(1);
    expect(weekly.at(-3)).toBe(2);
    expect(board.activityKnown).toBe(false);
  });

  it("measures one variation from traffic too: no other variation evaluated or exposed for N days", () => {
    const ramp: Flag = {
      ...base,
      environments: { production: { rules: [{ id: "r", kind: "ramp", serve: "on", percent: 50 }] } },
    };
    const on: Flag = { ...base, defaultVariation: "on" };
    const board = debtBoard({
      now: NOW,
      days: 30,
      flags: [
        // Its rules were edited 5 days ago (still a 50 % ramp on paper), but traffic has shown only "on" for 40.
        doc("exposed-on", ramp, 90),
        // "off" was still served 10 days ago: not one variation for 30 days.
        doc("mixed", ramp, 90),
        // The change log already shows one variation for 60 days: the traffic's evidence is not listed twice.
        doc("launched", on, 90),
        // Its one variation was last seen 40 days ago: that is no activity, not one variation.
        doc("silent", on, 90),
      ],
      environments: ENVIRONMENTS,
      history: new Map([
        ["exposed-on", [change("exposed-on", 90, ramp, "flag.create"), change("exposed-on", 5, ramp)]],
        ["mixed", [change("mixed", 90, ramp, "flag.create")]],
        ["launched", [change("launched", 90, ramp, "flag.create"), change("launched", 60, on)]],
        ["silent", [change("silent", 90, ramp, "flag.create")]],
      ]),
      sets: [],
      seen: new Map([
        ["exposed-on", [seenBetween("off", 80, 40), seenBetween("on", 80, 0)]],
        ["mixed", [seenBetween("off", 80, 10), seenBetween("on", 80, 0)]],
        ["launched", [seenBetween("off", 80, 60), seenBetween("on", 70, 0)]],
        ["silent", [seenBetween("on", 80, 40)]],
      ]),
    });
    const findings = Object.fromEntries(board.candidates.map((c) => [c.flag, c.findings]));
    expect(Object.keys(findings).sort()).toEqual(["exposed-on", "launched", "silent"]);
    expect(findings["exposed-on"]).toEqual([
      {
        reason: "one-variation-exposed",
        since: "2026-04-22T00:00:00.000Z",
        variation: "on",
        detail: "no variation but on evaluated or exposed since 2026-04-22 (the event store)",
      },
    ]);
    expect(findings["launched"]?.map((f) => f.reason)).toEqual(["one-variation"]);
    expect(findings["silent"]?.map((f) => f.reason)).toEqual(["no-activity"]);
    // exposed-on and silent qualified 10 days ago (40 days, minus N = 30), launched 30 days ago.
    const weekly = board.weekly.map((w) => w.total);
    expect([weekly.at(-3), weekly.at(-2), weekly.at(-1)]).toEqual([1, 3, 3]);
  });
});

describe("exposedStretch", () => {
  it("is the variation seen last, since any other was last seen", () => {
    expect(exposedStretch([seenBetween("off", 50, 20), seenBetween("on", 60, 1)])).toEqual({
      variation: "on",
      since: NOW.getTime() - 20 * DAY,
      last: NOW.getTime() - DAY,
    });
  });

  it("starts at the first sighting when no other variation was ever seen", () => {
    expect(exposedStretch([seenBetween("on", 33, 2)])?.since).toBe(NOW.getTime() - 33 * DAY);
  });

  it("is nothing when two variations share the latest sighting, or nothing was seen", () => {
    expect(exposedStretch([seenBetween("off", 50, 1), seenBetween("on", 60, 1)])).toBeUndefined();
    expect(exposedStretch([])).toBeUndefined();
  });
});
