import type { Alert } from "@switchboard/core";
import { describe, expect, it } from "vitest";
import {
  actionSummary,
  alertStatus,
  alertsForFlag,
  detectionDelayMinutes,
  newestFirst,
  sentenceParts,
  undoCall,
} from "./alert-view.js";

function alertOf(overrides: Partial<Alert>): Alert {
  return {
    id: "a1",
    key: "bookings/2030-01-08T11:30:00.000Z",
    monitor: "bookings",
    environment: "production",
    direction: "drop",
    onsetAt: "2030-01-08T11:30:00.000Z",
    detectedAt: "2030-01-08T11:34:00.000Z",
    resolvedAt: null,
    expected: 40,
    actual: 28,
    sentence: "bookings −30% since 11:30 UTC in production",
    cause: {
      kind: "flag",
      subject: "new-checkout",
      environment: "production",
      at: "2030-01-08T11:27:10.000Z",
      changeSeq: 7,
      title: "flag.ramp new-checkout",
      confidence: 0.995,
      evidence: null,
    },
    action: null,
    spent: 0,
    ...overrides,
  };
}

/** What a monitor's kill of new-checkout records, with its undo call. */
const KILLED: Alert["action"] = {
  kind: "kill",
  outcome: "done",
  detail: 'Switched "new-checkout" off in production.',
  changeSeq: 9,
  undo: { method: "POST", path: "/api/v1/flags/new-checkout/environments/production/enable" },
};

describe("alert view", () => {
  it("says what a kill did, as whom, and the one call that undoes it", () => {
    const alert = alertOf({ action: KILLED });
    expect(actionSummary(alert)).toEqual({
      text: "killed new-checkout in production as monitor:bookings",
      undo: "POST /api/v1/flags/new-checkout/environments/production/enable",
    });
  });

  it("gives the reason of a skipped action and offers no undo", () => {
    const alert = alertOf({
      action: {
        kind: "kill",
        outcome: "skipped",
        detail: 'Flag "x" is tagged never-auto-kill',
        changeSeq: null,
        undo: null,
      },
    });
    expect(actionSummary(alert)).toEqual({ text: 'kill skipped: Flag "x" is tagged never-auto-kill', undo: null });
    expect(actionSummary(alertOf({ action: null })).text).toBe("notified only (no automatic action)");
  });

  it("is open until resolved and counts the minutes from onset to detection", () => {
    expect(alertStatus(alertOf({}))).toBe("open");
    expect(alertStatus(alertOf({ resolvedAt: "2030-01-08T11:41:00.000Z" }))).toBe("resolved");
    expect(detectionDelayMinutes(alertOf({}))).toBe(4);
  });

  it("orders newest onset first and finds the alerts blamed on one flag", () => {
    const older = alertOf({ id: "old", onsetAt: "2030-01-07T10:00:00.000Z" });
    const newer = alertOf({ id: "new", onsetAt: "2030-01-08T10:00:00.000Z" });
    const other = alertOf({ id: "other", cause: null });
    expect(newestFirst([older, newer]).map((a) => a.id)).toEqual(["new", "old"]);
    expect(alertsForFlag([older, other, newer], "new-checkout").map((a) => a.id)).toEqual(["new", "old"]);
    expect(alertsForFlag([older], "another-flag")).toEqual([]);
  });

  it("shows the names the server quoted in backticks as code, and an unmatched backtick as it is", () => {
    expect(
      sentenceParts("bookings −30% since 11:30, right as `new-checkout` was switched on; `B` converts less"),
    ).toEqual([
      { text: "bookings −30% since 11:30, right as ", code: false },
      { text: "new-checkout", code: true },
      { text: " was switched on; ", code: false },
      { text: "B", code: true },
      { text: " converts less", code: false },
    ]);
    expect(sentenceParts("no names here")).toEqual([{ text: "no names here", code: false }]);
    expect(sentenceParts("a stray ` quote")).toEqual([{ text: "a stray ` quote", code: false }]);
  });

  it("offers to undo a kill the monitor made, through the API path under /api/v1, and nothing it did not do", () => {
    const killed = alertOf({ action: KILLED });
    expect(undoCall(killed)).toEqual({
      label: "Undo: enable new-checkout again",
      title: "Enable new-checkout in production again?",
      path: "/flags/new-checkout/environments/production/enable",
    });
    const skipped = alertOf({
      action: { kind: "kill", outcome: "skipped", detail: "tagged never-auto-kill", changeSeq: null, undo: null },
    });
    expect(undoCall(skipped)).toBeNull();
    expect(undoCall(alertOf({ action: null }))).toBeNull();
    const flagCause = alertOf({}).cause;
    if (flagCause === null) throw new Error("the sample alert names a cause");
    const backed = alertOf({
      cause: { ...flagCause, kind: "traffic", subject: "web" },
      action: {
        kind: "back",
        outcome: "done",
        detail: 'Returned "web" to its previous routing state.',
        changeSeq: 12,
        undo: { method: "POST", path: "/api/v1/traffic/services/production/web/back" },
      },
    });
    expect(undoCall(backed)?.path).toBe("/traffic/services/production/web/back");
    expect(undoCall(backed)?.label).toBe("Undo: restore web's routing");
  });
});
