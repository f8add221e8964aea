import type { Marker } from "@switchboard/core";
import { describe, expect, it } from "vitest";
import { groupMarkers, latestOf, secondsPerPixels } from "./marker-groups.js";

const change = (seq: number, at: string): Marker =>
  ({
    kind: "change",
    at,
    environment: "production",
    title: `change ${seq}`,
    change: { seq, action: "flag.ramp", subjectKind: "flag", subjectKey: "f", actor: "a", reason: null },
  }) as unknown as Marker;

describe("groupMarkers", () => {
  it("puts quick successive changes into one group with their count, drawn at the latest", () => {
    const groups = groupMarkers(
      [
        change(3, "2026-01-01T10:00:04Z"),
        change(1, "2026-01-01T10:00:00Z"),
        change(2, "2026-01-01T10:00:02Z"),
        change(4, "2026-01-01T11:00:00Z"),
      ],
      30,
    );
    expect(groups.map((g) => g.markers.map((m) => m.title))).toEqual([
      ["change 1", "change 2", "change 3"],
      ["change 4"],
    ]);
    expect(groups[0]?.atS).toBe(Date.parse("2026-01-01T10:00:04Z") / 1000);
    expect(latestOf(groups[0] as never).title).toBe("change 3");
  });

  it("chains changes each within the gap of the previous, and keeps changes further apart separate", () => {
    const chained = groupMarkers(
      [change(1, "2026-01-01T10:00:00Z"), change(2, "2026-01-01T10:00:20Z"), change(3, "2026-01-01T10:00:40Z")],
      25,
    );
    expect(chained).toHaveLength(1);
    const apart = groupMarkers([change(1, "2026-01-01T10:00:00Z"), change(2, "2026-01-01T10:01:00Z")], 25);
    expect(apart).toHaveLength(2);
  });

  it("is empty for no markers and skips markers without a readable time", () => {
    expect(groupMarkers([], 10)).toEqual([]);
    expect(groupMarkers([change(1, "not a time")], 10)).toEqual([]);
  });
});

describe("secondsPerPixels", () => {
  it("converts a pixel distance to seconds of the axis", () => {
    expect(secondsPerPixels(3600, 720, 12)).toBe(60);
    expect(secondsPerPixels(3600, 0, 12)).toBe(0);
  });
});
