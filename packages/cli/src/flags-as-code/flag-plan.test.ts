import type { Segment, StoredDocument } from "@switchboard/core";
import { describe, expect, it } from "vitest";
import { changeSetOf, planFlagSet, segmentCounts } from "./flag-plan.js";
import { formatPlan } from "./format-plan.js";

function stored(key: string, body: Segment, version = 1, archived = false): StoredDocument<Segment> {
  const at = "2026-01-01T00:00:00.000Z";
  return { kind: "segment", key, body, version, archived, createdAt: at, updatedAt: at };
}

const server = [
  stored("staff", { condition: { plan: "gold" } }, 3),
  stored("same", { condition: { country: "jp" } }),
  stored("dashboard-only", { condition: {} }),
  stored("gone", { condition: {} }, 2, true),
];
const options = { prune: false, serverOwned: [] };

describe("planning segments with the flags", () => {
  it("creates, changes and leaves alone by content, against the server's versions", () => {
    const desired = {
      staff: { condition: { plan: "platinum" } },
      same: { condition: { country: "jp" } },
      new: { condition: {} },
    };
    const plan = planFlagSet({}, [], options, { desired, server, declared: true });
    expect(plan.segments.map((e) => [e.key, e.op, e.expectedVersion])).toEqual([
      ["new", "create", null],
      ["same", "unchanged", 1],
      ["staff", "update", 3],
    ]);
    expect(plan.unmanagedSegments).toEqual(["dashboard-only"]);
    expect(changeSetOf(plan, "r").segments).toEqual([
      { key: "new", expectedVersion: null, segment: { condition: {} } },
      { key: "staff", expectedVersion: 3, segment: { condition: { plan: "platinum" } } },
    ]);
    expect(formatPlan(plan)).toContain(
      '~ segment staff: update (version 3)\n      condition.plan: "gold" → "platinum"',
    );
    expect(formatPlan(plan)).toContain("Segments: 1 to create, 1 to change, 0 to archive, 1 unchanged.");
  });

  it("archives segments missing from the files with --prune only when the files declare segments", () => {
    const desired = { staff: { condition: { plan: "gold" } }, same: { condition: { country: "jp" } } };
    const pruned = planFlagSet({}, [], { ...options, prune: true }, { desired, server, declared: true });
    expect(pruned.segments.filter((e) => e.op === "archive")).toEqual([
      { key: "dashboard-only", op: "archive", expectedVersion: 1, differences: [] },
    ]);
    const undeclared = planFlagSet({}, [], { ...options, prune: true }, { desired: {}, server, declared: false });
    expect(undeclared.segments).toEqual([]);
    expect(undeclared.unmanagedSegments).toEqual([]);
    expect(segmentCounts(undeclared)).toEqual({ create: 0, update: 0, archive: 0, unchanged: 0 });
    expect(formatPlan(undeclared)).toBe("No changes: the server matches the files (0 flags).");
  });
});
