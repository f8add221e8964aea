import { describe, expect, it } from "vitest";
import { createTestAppOver, ManualClock } from "../../http/testing/create-test-app.js";
import { DocumentKindRegistry, FakeConfigStore } from "../../store/index.js";
import { MONITOR_KIND } from "./monitor-service.js";

async function app() {
  const clock = new ManualClock("2030-01-08T12:00:00.000Z");
  const store = new FakeConfigStore(clock, DocumentKindRegistry.withBuiltIns().register(MONITOR_KIND));
  return createTestAppOver(store, clock);
}

const bookings = {
  key: "bookings",
  metric: { fn: "count", where: [{ field: "name", op: "=", value: "booking" }], environment: "production" },
  alert: { channels: [{ type: "slack", url: "https://hooks.slack.test/T1/B1/x" }] },
  actions: { action: "kill" },
};

describe("monitors API", () => {
  it("creates, reads, lists, replaces with If-Match and archives a monitor, each an audited change", async () => {
    const t = await app();
    const created = await t.call("editor", { method: "POST", url: "/api/v1/monitors", payload: bookings });
    expect(created.statusCode).toBe(201);
    expect(created.headers.etag).toBe('"1"');
    expect(created.json()).toMatchObject({
      kind: "monitor",
      key: "bookings",
      version: 1,
      body: { actions: { action: "kill" } },
    });
    const listed = await t.call("viewer", { method: "GET", url: "/api/v1/monitors" });
    expect(listed.json().items.map((m: { key: string }) => m.key)).toEqual(["bookings"]);
    const { key: _key, ...body } = bookings;
    const noVersion = await t.call("editor", { method: "PUT", url: "/api/v1/monitors/bookings", payload: body });
    expect(noVersion.statusCode).toBe(428);
    const replaced = await t.call("editor", {
      method: "PUT",
      url: "/api/v1/monitors/bookings",
      headers: { "if-match": '"1"' },
      payload: { ...body, scheduleMinutes: 5 },
    });
    expect(replaced.statusCode).toBe(200);
    expect(replaced.json()).toMatchObject({ version: 2, body: { scheduleMinutes: 5 } });
    const stale = await t.call("editor", {
      method: "PUT",
      url: "/api/v1/monitors/bookings",
      headers: { "if-match": '"1"' },
      payload: body,
    });
    expect(stale.statusCode).toBe(409);
    const archived = await t.call("editor", { method: "POST", url: "/api/v1/monitors/bookings/archive", payload: {} });
    expect(archived.json()).toMatchObject({ archived: true, version: 3 });
    expect((await t.call("viewer", { method: "GET", url: "/api/v1/monitors" })).json().items).toEqual([]);
    const changes = await t.store.listChanges({ subjectKind: "monitor", subjectKey: "bookings", ascending: true });
    expect(changes.map((c) => c.action)).toEqual(["monitor.create", "monitor.update", "monitor.archive"]);
    expect((await t.call("viewer", { method: "GET", url: "/api/v1/monitors/nope" })).statusCode).toBe(404);
    expect((await t.call("viewer", { method: "POST", url: "/api/v1/monitors", payload: bookings })).statusCode).toBe(
      403,
    );
  });

  it("answers 400 naming the field for a metric the query language refuses, a sum without field or a bad URL", async () => {
    const t = await app();
    const cases: [unknown, string][] = [
      [{ ...bookings, metric: { fn: "sum", environment: "production" } }, "metric.field"],
      [
        {
          ...bookings,
          metric: { fn: "count", environment: "production", where: [{ field: "nope.x", op: "=", value: 1 }] },
        },
        "metric.where[0].field",
      ],
      [
        { ...bookings, alert: { channels: [{ type: "webhook", url: "ftp://x", secret: `whsec_${"A".repeat(44)}` }] } },
        "alert.channels[0].url",
      ],
      [{ ...bookings, actions: { action: "explode" } }, "actions.action"],
      [{ ...bookings, alert: { channels: [{ type: "pagerduty", routingKey: "short" }] } }, "alert.channels[0]"],
    ];
    for (const [payload, path] of cases) {
      const response = await t.call("editor", { method: "POST", url: "/api/v1/monitors", payload: payload as object });
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      const paths = (response.json().error.details as { path: string }[]).map((d) => d.path).join(" ");
      expect(paths, response.body).toContain(path);
    }
    expect((await t.store.listDocuments(MONITOR_KIND)).length).toBe(0);
  });

  it("lists alerts and reads one with its delivery log; unknown alert is 404", async () => {
    const t = await app();
    const { alert } = await t.store.appendAlert({
      key: "bookings/2030-01-08T11:30:00.000Z",
      monitor: "bookings",
      environment: "production",
      direction: "drop",
      onsetAt: "2030-01-08T11:30:00.000Z",
      detectedAt: "2030-01-08T11:34:00.000Z",
      expected: 40,
      actual: 28,
      sentence: "bookings −30%",
      cause: null,
    });
    await t.store.appendDelivery({
      alertId: alert.id,
      channel: 0,
      channelType: "slack",
      event: "trigger",
      attempt: 1,
      at: "2030-01-08T11:34:01.000Z",
      outcome: "delivered",
      httpStatus: 200,
      error: null,
    });
    const list = await t.call("viewer", { method: "GET", url: "/api/v1/alerts?monitor=bookings&open=true" });
    expect(list.json().items.map((a: { id: string }) => a.id)).toEqual([alert.id]);
    const one = await t.call("viewer", { method: "GET", url: `/api/v1/alerts/${alert.id}` });
    expect(one.json()).toMatchObject({ id: alert.id, deliveries: [{ outcome: "delivered", httpStatus: 200 }] });
    expect((await t.call("viewer", { method: "GET", url: "/api/v1/alerts/nope" })).statusCode).toBe(404);
  });
});
