import { describe, expect, test } from "vitest";
import { stepWatches } from "./change-watch.js";
import {
  type ChangeEvent,
  type DetectorObservation,
  detectChanges,
  INITIAL_DETECTOR_STATE,
  resetDetector,
} from "./detect-changes.js";

const MINUTE = 60_000;

/**
 * 100 expected a minute (sd 10), from minute `from` on 80 a minute: 2.08 standard deviations low on Anscombe's root. The change at `changeAt` (minutes), if any.
 */
function series(minutes: number, from: number, changeAt?: number): DetectorObservation[] {
  return Array.from({ length: minutes }, (_, m) => ({
    time: m * MINUTE,
    actual: m >= from ? 80 : 100,
    expected: 100,
    standardDeviation: 10,
    ...(changeAt !== undefined && m === Math.floor(changeAt)
      ? { changes: [{ id: "c1", time: changeAt * MINUTE }] }
      : {}),
  }));
}

const alarms = (events: readonly ChangeEvent[]) => events.filter((e) => e.type === "alarm");

describe("watching the metric after a change", () => {
  test("a drop right after a change alarms when Σz/√n since it passes 3.5 (3rd minute: 6.25/√3 = 3.6), naming the change", () => {
    const [alarm, ...rest] = alarms(detectChanges(series(30, 10, 10)).events);
    expect(rest).toHaveLength(0);
    expect(alarm).toMatchObject({ direction: "drop", onset: 10 * MINUTE, detectedAt: 12 * MINUTE, changeId: "c1" });
    expect(alarm?.endsAt).toBe(13 * MINUTE);
    expect(alarm?.buckets).toBe(3);
    expect(alarm?.actualSum).toBe(240);
  });

  test("without the change only the CUSUM bank sees the same drop, later (k 1, h 6: 1.08 a minute, the 6th minute)", () => {
    const [alarm] = alarms(detectChanges(series(30, 10)).events);
    expect(alarm).toMatchObject({ direction: "drop", onset: 10 * MINUTE, detectedAt: 15 * MINUTE });
    expect(alarm?.changeId).toBeUndefined();
    // Watching turned off gives the same as no change at all.
    const off = alarms(detectChanges(series(30, 10, 10), { watch: { threshold: Number.POSITIVE_INFINITY } }).events);
    expect(off.map((e) => e.detectedAt)).toEqual([15 * MINUTE]);
  });

  test("a change whose effect comes 5 minutes later is dated to where the metric moved, not to the change", () => {
    const [alarm] = alarms(detectChanges(series(40, 15, 10), { watch: { startSlackMinutes: 2 } }).events);
    expect(alarm?.changeId).toBe("c1");
    expect(alarm?.onset).toBe(15 * MINUTE);
  });

  test("a watch closes after its window: a drop starting later is left to the CUSUMs", () => {
    const [alarm] = alarms(detectChanges(series(60, 35, 10), { watch: { windowMinutes: 20 } }).events);
    expect(alarm?.changeId).toBeUndefined();
    expect(alarm?.detectedAt).toBe(40 * MINUTE);
  });

  test("a quiet metric after a change raises nothing, and the watch is dropped after its window", () => {
    const { events, state } = detectChanges(series(40, 1_000, 5));
    expect(events).toEqual([]);
    expect(state.watches).toBeUndefined();
    const open = detectChanges(series(10, 1_000, 5)).state.watches;
    expect(open?.map((w) => w.id)).toEqual(["c1"]);
  });

  test("starts are tested from the change's bucket up to the slack only, the first one at the change itself", () => {
    let watches = stepWatches([], bucketAt(0), [{ id: "c", time: 30_000 }]).watches;
    for (let m = 1; m < 6; m++) watches = stepWatches(watches, bucketAt(m), []).watches;
    expect(watches[0]?.starts.map((s) => s[0])).toEqual([30_000, MINUTE, 2 * MINUTE]);
    expect(watches[0]?.starts[0]?.[5]).toBe(6);
    expect(watches[0]?.seen).toBe(6);
  });

  test("the state after an incident closed from outside keeps the watches and nothing else", () => {
    const { state } = detectChanges(series(12, 5, 5));
    expect(state.drop.alert).not.toBeNull();
    const reset = resetDetector(state);
    expect(reset.drop).toEqual(INITIAL_DETECTOR_STATE.drop);
    expect(reset.watches).toEqual(state.watches);
    expect(resetDetector(INITIAL_DETECTOR_STATE)).toBe(INITIAL_DETECTOR_STATE);
  });
});

function bucketAt(minute: number) {
  return { time: minute * MINUTE, durationMs: MINUTE, x: 0, weight: 1, expected: 100, actual: 100 };
}
