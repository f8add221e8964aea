import type { Change, Flag, StoredDocument } from "@switchboard/core";
import { describe, expect, it } from "vitest";
import { debtBoard } from "./debt-candidates.js";
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
      lastSeen: new Map([
        ["quiet", new Date(NOW.getTime() - 45 * DAY).toISOString()],
        ["busy", new Date(NOW.getTime() - DAY).toISOString()],
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
      lastSeen: undefined,
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
});
