import { describe, expect, it } from "vitest";
import type { PortRef } from "./config-store-helpers.contract.js";
import { expectAppError, uniqueKey } from "./config-store-helpers.contract.js";
import type { MonitorStore, NewAlert } from "./monitor-store.js";

const T0 = "2030-01-01T00:00:00.000Z";
const T1 = "2030-01-01T00:01:00.000Z";
const T2 = "2030-01-01T00:02:00.000Z";

const newAlert = (monitor: string, onsetAt = T0): NewAlert => ({
  key: `${monitor}/${onsetAt}`,
  monitor,
  environment: "production",
  direction: "drop",
  onsetAt,
  detectedAt: T1,
  expected: 100,
  actual: 70,
  sentence: "bookings −30% since 00:00",
  cause: null,
});

/** The `MonitorStore` port's part of the config store contract. */
export function describeMonitorStoreContract(ref: PortRef<MonitorStore>): void {
  describe("monitors", () => {
    it("gives a monitor's lease to exactly one of many concurrent servers", async () => {
      const { store } = ref();
      const monitor = uniqueKey("lease");
      const owners = Array.from({ length: 8 }, (_, i) => `server-${i}`);
      const won = await Promise.all(owners.map((owner) => store.acquireMonitorLease(monitor, owner, T0, T1)));
      expect(won.filter(Boolean)).toHaveLength(1);
      const holder = owners[won.indexOf(true)] ?? "";
      expect(await store.acquireMonitorLease(monitor, holder, T0, T2)).toBe(true);
      const other = owners.find((o) => o !== holder) ?? "";
      expect(await store.acquireMonitorLease(monitor, other, T1, T2)).toBe(false);
      // Expired at T2: another server takes it over, and the old holder can no longer write state.
      expect(await store.acquireMonitorLease(monitor, other, T2, "2030-01-01T00:03:00.000Z")).toBe(true);
      expect(await store.saveMonitorState(monitor, holder, { stale: true }, T2)).toBe(false);
      expect(await store.saveMonitorState(monitor, other, { minute: 3 }, T2)).toBe(true);
      expect(await store.getMonitorState(monitor)).toEqual({ minute: 3 });
      await store.releaseMonitorLease(monitor, other);
      expect(await store.acquireMonitorLease(monitor, holder, T2, "2030-01-01T00:04:00.000Z")).toBe(true);
      expect(await store.getMonitorState(uniqueKey("never"))).toBeUndefined();
    });

    it("appends one alert per key however many times and however concurrently it is raised", async () => {
      const { store } = ref();
      const monitor = uniqueKey("alerts");
      const results = await Promise.all(Array.from({ length: 6 }, () => store.appendAlert(newAlert(monitor))));
      expect(results.filter((r) => r.created)).toHaveLength(1);
      expect(new Set(results.map((r) => r.alert.id)).size).toBe(1);
      const [first] = results;
      expect(first?.alert).toMatchObject({ monitor, onsetAt: T0, resolvedAt: null, spent: 0, action: null });
      await store.appendAlert(newAlert(monitor, T1));
      const listed = await store.listAlerts({ monitor });
      expect(listed.map((a) => a.onsetAt)).toEqual([T1, T0]);
      expect(await store.listAlerts({ monitor: uniqueKey("none") })).toEqual([]);
    });

    it("records the action and the resolution once, and keeps the first", async () => {
      const { store } = ref();
      const monitor = uniqueKey("resolve");
      const { alert } = await store.appendAlert(newAlert(monitor));
      const action = { kind: "kill" as const, outcome: "done" as const, detail: "killed", changeSeq: 7, undo: null };
      await store.setAlertAction(alert.id, action);
      const again = await store.setAlertAction(alert.id, { ...action, detail: "second" });
      expect(again.action?.detail).toBe("killed");
      const resolved = await store.resolveAlert(alert.id, T2, 123.5);
      expect(resolved).toMatchObject({ resolvedAt: T2, spent: 123.5 });
      const twice = await store.resolveAlert(alert.id, "2031-01-01T00:00:00.000Z", 1);
      expect(twice).toMatchObject({ resolvedAt: T2, spent: 123.5 });
      expect((await store.listAlerts({ monitor, open: true })).length).toBe(0);
      expect((await store.listAlerts({ monitor, open: false })).map((a) => a.id)).toEqual([alert.id]);
      expect(await store.getAlert(alert.id)).toMatchObject({ id: alert.id, sentence: alert.sentence });
      await expectAppError(store.resolveAlert(uniqueKey("nope"), T2, 0), "NOT_FOUND");
    });

    it("appends delivery attempts per alert in the order recorded, and refuses an unknown alert", async () => {
      const { store } = ref();
      const { alert } = await store.appendAlert(newAlert(uniqueKey("deliver")));
      const attempt = (n: number, at: string, outcome: "failed" | "delivered") =>
        store.appendDelivery({
          alertId: alert.id,
          channel: 0,
          channelType: "webhook",
          event: "trigger",
          attempt: n,
          at,
          outcome,
          httpStatus: outcome === "failed" ? 503 : 204,
          error: outcome === "failed" ? "HTTP 503" : null,
        });
      await attempt(1, T1, "failed");
      await attempt(2, T1, "delivered");
      const log = await store.listDeliveries(alert.id);
      expect(log.map((d) => [d.attempt, d.outcome, d.httpStatus])).toEqual([
        [1, "failed", 503],
        [2, "delivered", 204],
      ]);
      await expectAppError(
        store.appendDelivery({
          alertId: uniqueKey("missing"),
          channel: 0,
          channelType: "slack",
          event: "trigger",
          attempt: 1,
          at: T1,
          outcome: "failed",
          httpStatus: null,
          error: null,
        }),
        "NOT_FOUND",
      );
    });
  });
}
