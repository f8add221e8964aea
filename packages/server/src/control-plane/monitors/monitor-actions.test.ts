import type { Monitor } from "@switchboard/core";
import { describe, expect, it } from "vitest";
import type { RankedCandidate } from "./detection.js";
import { actOnAlert } from "./monitor-actions.js";

const monitor = (action: "notify" | "kill" | "back", minConfidence = 0.9): Monitor => ({
  metric: { fn: "count", environment: "production" },
  actions: { action, minConfidence },
});

const cause = (kind: RankedCandidate["kind"], confidence = 0.95): RankedCandidate => ({
  kind,
  subject: kind === "flag" ? "new-checkout" : "web",
  environment: "production",
  at: "2030-01-08T11:27:00.000Z",
  changeSeq: 4,
  title: "flag.ramp new-checkout",
  confidence,
  evidenceText: null,
  pValue: null,
});

function ports(tags: string[] = []) {
  const calls: string[] = [];
  return {
    calls,
    ports: {
      store: { getDocument: async () => ({ body: { tags } }) as never },
      kill: async (flag: string, environment: string, context: { actor: string; reason: string | null }) => {
        calls.push(`kill ${flag} ${environment} ${context.actor} ${context.reason}`);
        return 9;
      },
      back: async (service: string, environment: string) => {
        calls.push(`back ${service} ${environment}`);
        return 10;
      },
    },
  };
}

describe("automatic actions", () => {
  it("kills the named flag as monitor:<name> with the alert as the reason, and says how to undo it", async () => {
    const { calls, ports: p } = ports();
    const action = await actOnAlert(p, "bookings", monitor("kill"), cause("flag"), "bookings −30% since 11:30");
    expect(action).toMatchObject({ kind: "kill", outcome: "done", changeSeq: 9 });
    expect(action.undo).toEqual({ method: "POST", path: "/api/v1/flags/new-checkout/environments/production/enable" });
    expect(calls).toEqual(["kill new-checkout production monitor:bookings Alert: bookings −30% since 11:30"]);
  });

  it("never kills a flag tagged never-auto-kill, nor on weak evidence, nor a cause that is not a flag", async () => {
    const optedOut = ports(["checkout", "never-auto-kill"]);
    const refused = await actOnAlert(optedOut.ports, "b", monitor("kill"), cause("flag"), "s");
    expect(refused).toMatchObject({ kind: "none", outcome: "skipped" });
    expect(refused.detail).toContain("never-auto-kill");
    expect(optedOut.calls).toEqual([]);
    const weak = ports();
    expect((await actOnAlert(weak.ports, "b", monitor("kill", 0.99), cause("flag", 0.5), "s")).detail).toContain(
      "below",
    );
    expect((await actOnAlert(weak.ports, "b", monitor("kill"), cause("release"), "s")).kind).toBe("none");
    expect((await actOnAlert(weak.ports, "b", monitor("notify"), cause("flag"), "s")).kind).toBe("none");
    expect((await actOnAlert(weak.ports, "b", monitor("kill"), null, "s")).kind).toBe("none");
    expect(weak.calls).toEqual([]);
  });

  it("presses the back button for a traffic cause, and reports a failing action instead of throwing", async () => {
    const { calls, ports: p } = ports();
    const back = await actOnAlert(p, "b", monitor("back"), cause("traffic"), "s");
    expect(back).toMatchObject({ kind: "back", outcome: "done", changeSeq: 10 });
    expect(calls).toEqual(["back web production"]);
    const failing = { ...p, kill: async () => Promise.reject(new Error("flag archived")) };
    expect(await actOnAlert(failing, "b", monitor("kill"), cause("flag"), "s")).toMatchObject({
      kind: "kill",
      outcome: "failed",
      detail: "flag archived",
    });
  });
});
