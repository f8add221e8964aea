import type { Alert, MonitorChannel } from "@switchboard/core";
import { describe, expect, it } from "vitest";
import { DocumentKindRegistry, FakeConfigStore } from "../../store/index.js";
import { DEFAULT_DELIVERY_POLICY, deliverDue, retryDelayMs } from "./alert-deliverer.js";

const links = { alertUrl: "http://sb.test/api/v1/alerts/1", chartUrl: "http://sb.test/c" };

async function setup(statuses: number[]) {
  let now = Date.parse("2030-01-08T11:34:00Z");
  const clock = { now: () => new Date(now) };
  const store = new FakeConfigStore(clock, DocumentKindRegistry.withBuiltIns());
  const { alert } = await store.appendAlert({
    key: "b/x",
    monitor: "b",
    environment: "production",
    direction: "drop",
    onsetAt: "2030-01-08T11:30:00Z",
    detectedAt: "2030-01-08T11:34:00Z",
    expected: 40,
    actual: 28,
    sentence: "x".repeat(2000),
    cause: null,
  });
  const sent: string[] = [];
  const fetch = async (url: string, init: { body: string }) => {
    sent.push(`${url} ${JSON.parse(init.body).event_action ?? ""}`);
    return { status: statuses.shift() ?? 202 };
  };
  return { store, alert, sent, fetch, clock, advance: (ms: number) => (now += ms) };
}

const pd: MonitorChannel = { type: "pagerduty", routingKey: "R".repeat(32), url: "http://pd.test/v2/enqueue" };

describe("alert delivery", () => {
  it("retries 5xx with growing, jittered delays until delivered, then sends the resolve", async () => {
    const t = await setup([503, 500]);
    const deps = { store: t.store, clock: t.clock, fetch: t.fetch };
    await deliverDue(deps, t.alert, [pd], links);
    await deliverDue(deps, t.alert, [pd], links); // too early: nothing sent
    expect(t.sent).toHaveLength(1);
    t.advance(retryDelayMs(DEFAULT_DELIVERY_POLICY, 1, `${t.alert.id}.trigger.0`));
    await deliverDue(deps, t.alert, [pd], links);
    t.advance(retryDelayMs(DEFAULT_DELIVERY_POLICY, 2, `${t.alert.id}.trigger.0`));
    await deliverDue(deps, t.alert, [pd], links);
    const resolved: Alert = await t.store.resolveAlert(t.alert.id, "2030-01-08T12:00:00Z", 10);
    await deliverDue(deps, resolved, [pd], links);
    expect(t.sent).toEqual([
      "http://pd.test/v2/enqueue trigger",
      "http://pd.test/v2/enqueue trigger",
      "http://pd.test/v2/enqueue trigger",
      "http://pd.test/v2/enqueue resolve",
    ]);
    const log = await t.store.listDeliveries(t.alert.id);
    expect(log.map((d) => `${d.event} ${d.attempt} ${d.outcome}`)).toEqual([
      "trigger 1 failed",
      "trigger 2 failed",
      "trigger 3 delivered",
      "resolve 1 delivered",
    ]);
  });

  it("gives up at once on 400 (PagerDuty: invalid, never retried) and on 410 (endpoint gone)", async () => {
    for (const status of [400, 410]) {
      const t = await setup([status]);
      await deliverDue({ store: t.store, clock: t.clock, fetch: t.fetch }, t.alert, [pd], links);
      t.advance(24 * 3_600_000);
      await deliverDue({ store: t.store, clock: t.clock, fetch: t.fetch }, t.alert, [pd], links);
      expect(t.sent).toHaveLength(1);
      expect((await t.store.listDeliveries(t.alert.id)).map((d) => d.outcome)).toEqual(["gave-up"]);
    }
  });

  it("gives up after the last attempt and grows delays exponentially up to the cap", async () => {
    const policy = { ...DEFAULT_DELIVERY_POLICY, maxAttempts: 2 };
    const t = await setup([503, 503, 503]);
    const deps = { store: t.store, clock: t.clock, fetch: t.fetch, policy };
    await deliverDue(deps, t.alert, [pd], links);
    t.advance(3_600_000);
    await deliverDue(deps, t.alert, [pd], links);
    t.advance(3_600_000);
    await deliverDue(deps, t.alert, [pd], links);
    expect((await t.store.listDeliveries(t.alert.id)).map((d) => d.outcome)).toEqual(["failed", "gave-up"]);
    const delays = [1, 2, 3, 4, 20].map((n) => retryDelayMs(DEFAULT_DELIVERY_POLICY, n, "id"));
    expect(delays[0]).toBeGreaterThanOrEqual(3_750);
    expect(delays[0]).toBeLessThanOrEqual(6_250);
    expect(delays[3]).toBeGreaterThan(delays[0] ?? 0);
    expect(delays[4]).toBeLessThanOrEqual(DEFAULT_DELIVERY_POLICY.maxDelayMs * 1.25);
  });
});
