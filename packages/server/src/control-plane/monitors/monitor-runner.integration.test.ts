import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Alert } from "@switchboard/core";
import { QueryService } from "@switchboard/events";
import { DuckDbEventStore } from "@switchboard/events/duckdb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rampFlag } from "../../http/testing/create-test-app.js";
import { DocumentKindRegistry, FakeConfigStore } from "../../store/index.js";
import { createActivationService } from "../activations/index.js";
import { createChangeService } from "../changes/index.js";
import { createFlagService } from "../flags/index.js";
import { type MonitorRunner, startMonitorRunner } from "./monitor-runner.js";
import { MONITOR_KIND, MonitorService } from "./monitor-service.js";
import { createStatsDetection } from "./stats-detection.js";

const MINUTE = 60_000;
const SECRET = `whsec_${Buffer.from("a-32-byte-secret-for-the-tests!!").toString("base64")}`;
const ROUTING_KEY = "R0UT1NGKEY0123456789abcdefABCDEF";

/** Verifies a Standard Webhooks v1 signature from the spec, independently of the code under test. */
function verifyStandardWebhook(
  headers: IncomingHttpHeaders,
  body: string,
  secret: string,
  nowSeconds: number,
): boolean {
  const id = String(headers["webhook-id"]);
  const timestamp = Number(headers["webhook-timestamp"]);
  if (Math.abs(nowSeconds - timestamp) > 5 * 60) return false;
  const key = Buffer.from(secret.slice("whsec_".length), "base64");
  const expected = createHmac("sha256", key).update(`${id}.${timestamp}.${body}`).digest();
  return String(headers["webhook-signature"])
    .split(" ")
    .some((entry) => {
      const [version, signature] = entry.split(",");
      const given = Buffer.from(signature ?? "", "base64");
      return version === "v1" && given.length === expected.length && timingSafeEqual(given, expected);
    });
}

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

function manualClock(start: string) {
  let now = Date.parse(start);
  return { now: () => new Date(now), set: (iso: string) => (now = Date.parse(iso)) };
}

describe("monitor runner on DuckDB events, with local channel receivers", () => {
  const clock = manualClock("2030-01-08T11:00:30.000Z");
  const store = new FakeConfigStore(clock, DocumentKindRegistry.withBuiltIns().register(MONITOR_KIND));
  const deps = { store, clock, config: { reasonRequiredIn: ["production"] } };
  const received: Received[] = [];
  let receiver: Server;
  let events: DuckDbEventStore;
  let base = "";
  let webhookFailuresLeft = 1;

  const bookingsOf = async (minuteIso: string, degraded: boolean) => {
    const start = Date.parse(minuteIso);
    const items = Array.from({ length: 40 }, (_, i) => ({ i, variation: i % 2 === 0 ? "on" : "off" }))
      // The flag's `on` variation loses 60% of its bookings while it is active.
      .filter(({ i, variation }) => !degraded || variation === "off" || Math.floor(i / 2) % 5 < 2)
      .map(({ i, variation }) => ({
        type: "event" as const,
        id: `${minuteIso}-${i}`,
        ts: new Date(start + i * 1400).toISOString(),
        name: "booking",
        unit: `u-${i}`,
        assignments: { "new-checkout": variation },
      }));
    // Every unit also makes a request each minute (not a booking): the exposure a booking rate is taken over.
    const requests = Array.from({ length: 40 }, (_, i) => ({
      type: "event" as const,
      id: `${minuteIso}-r${i}`,
      ts: new Date(start + i * 1400 + 700).toISOString(),
      name: "request",
      unit: `u-${i}`,
      assignments: { "new-checkout": i % 2 === 0 ? "on" : "off" },
    }));
    await events.append({ batchId: `b-${minuteIso}`, environment: "production", items: [...items, ...requests] });
  };

  const makeRunner = (owner: string): MonitorRunner =>
    startMonitorRunner({
      store,
      clock,
      owner,
      query: (q) => new QueryService(events, clock).query(q),
      markers: (q) => createChangeService({ store }).markers(q),
      detection: createStatsDetection(),
      actions: {
        kill: async (flag, environment, context) =>
          (await createActivationService(deps).kill(flag, environment, {}, context)).change.seq,
      },
      publicUrl: "http://switchboard.test",
      intervalMs: 3_600_000,
      delivery: { baseDelayMs: 1_000 },
    });

  beforeAll(async () => {
    receiver = createServer((request, response) => {
      let body = "";
      request.on("data", (chunk) => {
        body += chunk;
      });
      request.on("end", () => {
        received.push({ path: request.url ?? "", headers: request.headers, body });
        if (request.url === "/webhook" && webhookFailuresLeft > 0) {
          webhookFailuresLeft--;
          response.writeHead(503).end();
        } else if (request.url === "/pagerduty") {
          const { dedup_key } = JSON.parse(body) as { dedup_key: string };
          response.writeHead(202, { "content-type": "application/json" });
          response.end(JSON.stringify({ status: "success", message: "Event processed", dedup_key }));
        } else response.writeHead(200).end("ok");
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
    events = await DuckDbEventStore.open({ path: ":memory:" });
    // A week ago, and the half hour before the runner starts: 40 bookings a minute.
    for (let t = Date.parse("2030-01-01T10:30:00Z"); t < Date.parse("2030-01-01T12:30:00Z"); t += MINUTE) {
      await bookingsOf(new Date(t).toISOString(), false);
    }
    for (let t = Date.parse("2030-01-08T10:30:00Z"); t < Date.parse("2030-01-08T11:00:00Z"); t += MINUTE) {
      await bookingsOf(new Date(t).toISOString(), false);
    }
    await store.createDocument("environment", "production", {}, { actor: "system", action: "environment.create" });
    await createFlagService(deps).create(rampFlag("new-checkout"), { actor: "ann", role: "editor", reason: "new" });
    await store.createDocument(
      MONITOR_KIND,
      "bookings",
      {
        metric: { fn: "count", where: [{ field: "name", op: "=", value: "booking" }], environment: "production" },
        prediction: { weeks: 1 },
        alert: {
          recoveryMinutes: 3,
          channels: [
            { type: "webhook", url: `${base}/webhook`, secret: SECRET },
            { type: "slack", url: `${base}/slack` },
            { type: "pagerduty", routingKey: ROUTING_KEY, url: `${base}/pagerduty`, severity: "critical" },
          ],
        },
        actions: { action: "kill", minConfidence: 0.3 },
      },
      { actor: "ann", action: "monitor.create" },
    );
  });

  afterAll(async () => {
    await events?.close();
    await new Promise((resolve) => receiver?.close(resolve));
  });

  it("alerts once at the onset, names the ramped flag, kills it as monitor:bookings, resolves and delivers both", async () => {
    let runner = makeRunner("server-a");
    const raised: Alert[] = [];
    let stateBeforeAlert: unknown;
    for (let t = Date.parse("2030-01-08T11:00:00Z"); t <= Date.parse("2030-01-08T11:55:00Z"); t += MINUTE) {
      const minute = new Date(t).toISOString();
      if (minute === "2030-01-08T11:27:00.000Z") {
        clock.set("2030-01-08T11:27:10.000Z");
        await createActivationService(deps).ramp(
          "new-checkout",
          "production",
          { rule: "rollout", percent: 50, reason: "ramp to half" },
          { actor: "bob", role: "editor", reason: null },
        );
      }
      const killed = (await store.listChanges({ action: "flag.kill", subjectKey: "new-checkout" })).length > 0;
      const active = t >= Date.parse("2030-01-08T11:30:00Z") && !killed;
      await bookingsOf(minute, active);
      clock.set(new Date(t + 2 * MINUTE + 30_000).toISOString());
      if (raised.length === 0) stateBeforeAlert = await store.getMonitorState("bookings");
      raised.push(...(await runner.runOnce()));
    }
    expect(raised).toHaveLength(1);
    const [alert] = raised;
    if (alert === undefined) throw new Error("no alert");
    expect(alert.onsetAt).toBe("2030-01-08T11:30:00.000Z");
    expect(Date.parse(alert.detectedAt) - Date.parse(alert.onsetAt)).toBeLessThanOrEqual(12 * MINUTE);
    expect(alert.cause).toMatchObject({ kind: "flag", subject: "new-checkout" });
    expect(alert.sentence).toContain("new-checkout");
    expect(alert.sentence).toMatch(/since 11:30/);
    expect(alert.action).toMatchObject({
      kind: "kill",
      outcome: "done",
      undo: { method: "POST", path: "/api/v1/flags/new-checkout/environments/production/enable" },
    });
    const [kill] = await store.listChanges({ action: "flag.kill", subjectKey: "new-checkout" });
    expect(kill).toMatchObject({ actor: "monitor:bookings", environment: "production" });
    expect(kill?.reason).toContain("Alert: bookings");
    expect(kill?.seq).toBe(alert.action?.changeSeq);
    const markers = await createChangeService({ store }).markers({
      from: "2030-01-08T11:00:00Z",
      to: "2030-01-08T12:00:00Z",
    });
    expect(markers.map((m) => (m.kind === "change" ? m.change.action : m.kind))).toEqual(
      expect.arrayContaining(["flag.ramp", "monitor.alert", "flag.kill", "monitor.resolve"]),
    );
    const stored = await store.getAlert(alert.id);
    expect(stored?.resolvedAt).not.toBeNull();
    expect(stored?.spent).toBeGreaterThan(0);

    const budget = await new MonitorService(store, clock).budget("bookings");
    expect(budget).toMatchObject({ allowedFraction: 0.005, windowDays: 28 });
    expect(budget.spent).toBeGreaterThan(0);
    expect(budget.byIncident).toEqual([
      { alertId: alert.id, onsetAt: alert.onsetAt, spent: stored?.spent, cause: "flag new-checkout" },
    ]);
    expect(budget.byCause).toEqual([{ cause: "flag new-checkout", spent: stored?.spent }]);
    expect(Object.keys(budget.burnRates).sort()).toEqual(["1h", "30m", "3d", "5m", "6h"]);

    // Restart after a crash that lost the state written since the alert: the same minutes are evaluated again.
    await runner.stop();
    runner = makeRunner("server-b");
    // Same clock as the last pass: minutes without events yet would rightly read as a drop to zero.
    clock.set("2030-01-08T11:57:30.000Z");
    expect(
      await store.acquireMonitorLease("bookings", "server-b", clock.now().toISOString(), "2030-01-08T11:58:30Z"),
    ).toBe(true);
    await store.saveMonitorState("bookings", "server-b", stateBeforeAlert, clock.now().toISOString());
    const again = await runner.runOnce();
    expect(again.map((a) => a.id)).toEqual([alert.id]);
    expect(await store.listAlerts({ monitor: "bookings" })).toHaveLength(1);
    expect(await store.listChanges({ action: "flag.kill", subjectKey: "new-checkout" })).toHaveLength(1);
    await runner.stop();

    const byPath = (path: string) => received.filter((r) => r.path === path);
    const webhooks = byPath("/webhook");
    // The first attempt got 503 and was retried; every attempt carries the same id and a valid signature.
    expect(webhooks.length).toBe(3);
    expect(new Set(webhooks.slice(0, 2).map((w) => w.headers["webhook-id"])).size).toBe(1);
    for (const hook of webhooks) {
      expect(verifyStandardWebhook(hook.headers, hook.body, SECRET, Number(hook.headers["webhook-timestamp"]))).toBe(
        true,
      );
      expect(
        verifyStandardWebhook(hook.headers, `${hook.body} `, SECRET, Number(hook.headers["webhook-timestamp"])),
      ).toBe(false);
    }
    expect(webhooks.map((w) => JSON.parse(w.body).type)).toEqual([
      "monitor.alert.triggered",
      "monitor.alert.triggered",
      "monitor.alert.resolved",
    ]);
    const pd = byPath("/pagerduty").map((r) => JSON.parse(r.body));
    expect(pd.map((e) => e.event_action)).toEqual(["trigger", "resolve"]);
    expect(pd[0]).toMatchObject({
      routing_key: ROUTING_KEY,
      dedup_key: "switchboard/production/bookings/2030-01-08T11:30:00.000Z",
      payload: { source: "switchboard/production", severity: "critical", component: "bookings" },
    });
    expect(pd[0].payload.summary.length).toBeLessThanOrEqual(1024);
    expect(pd[0].dedup_key.length).toBeLessThanOrEqual(255);
    expect(pd[1]).toEqual({ routing_key: ROUTING_KEY, event_action: "resolve", dedup_key: pd[0].dedup_key });
    const slack = byPath("/slack").map((r) => JSON.parse(r.body));
    expect(slack).toHaveLength(2);
    expect(slack[0].text).toBe(alert.sentence);
    expect(slack[0].blocks.map((b: { type: string }) => b.type)).toEqual(["header", "section", "context", "actions"]);
    expect(slack[0].blocks[0].text.text.length).toBeLessThanOrEqual(150);
    expect(slack[0].blocks[3].elements[0]).toMatchObject({
      type: "button",
      url: `http://switchboard.test/api/v1/alerts/${alert.id}`,
    });
    const log = await store.listDeliveries(alert.id);
    expect(log.filter((d) => d.channelType === "webhook").map((d) => [d.event, d.outcome, d.httpStatus])).toEqual([
      ["trigger", "failed", 503],
      ["trigger", "delivered", 200],
      ["resolve", "delivered", 200],
    ]);
  }, 120_000);
});
