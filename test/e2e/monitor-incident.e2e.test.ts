import { createHmac, timingSafeEqual } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createEventsClient, type EventsClient } from "@switchboard/sdk/events";
import { createClient } from "@switchboard/sdk/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, type ServeProcess, startServe, stopServe } from "./serve-process.js";

// The incident the monitors exist for, on real components and in real time: a real `switchboard serve` (its
// monitor runner passing every second and waiting 5 s for a minute's late events), an app in this process that
// books through the real SDK — a wide event per request and per booking, each carrying the assignment vector —
// and a flag whose `on` variation really loses every booking. Switching the flag on drops bookings by half; the
// monitor alerts with the switch as onset, names the flag, switches it off as monitor:bookings,
// bookings come back, the alert resolves, a local Standard Webhooks receiver gets trigger and resolve, and the
// error budget charges the incident. Monitors work on whole minutes, so this takes about three minutes.
const ADMIN = "sb_admin_monitor-incident-0123456789abcdef";
const MINUTE = 60_000;
/** Requests (and, undisturbed, bookings) per second: 120 bookings a minute. */
const PER_SECOND = 2;
const UNITS = 400;
const SECRET = `whsec_${Buffer.from("a-32-byte-secret-for-the-e2e!!!!").toString("base64")}`;

let serve: ServeProcess;
let dataDir: string;
let receiver: Server;
let receiverUrl = "";
const received: { headers: IncomingHttpHeaders; body: string }[] = [];

const call = (method: string, path: string, body?: unknown) => api(serve.url, ADMIN, method, `/api/v1${path}`, body);

/** Verifies a Standard Webhooks v1 signature from the spec, independently of the server's code. */
function verifyStandardWebhook(headers: IncomingHttpHeaders, body: string): boolean {
  const id = String(headers["webhook-id"]);
  const timestamp = Number(headers["webhook-timestamp"]);
  if (Math.abs(Date.now() / 1000 - timestamp) > 5 * 60) return false;
  const key = Buffer.from(SECRET.slice("whsec_".length), "base64");
  const expected = createHmac("sha256", key).update(`${id}.${timestamp}.${body}`).digest();
  return String(headers["webhook-signature"])
    .split(" ")
    .some((entry) => {
      const [version, signature] = entry.split(",");
      const given = Buffer.from(signature ?? "", "base64");
      return version === "v1" && given.length === expected.length && timingSafeEqual(given, expected);
    });
}

async function until<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${serve.output().slice(-3000)}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/**
 * The shop: request n belongs to unit n mod 400 and is due at origin + n/PER_SECOND s. Every tick sends what is due
 * (so a slow timer never thins a minute out): a `request` event, and a `booking` unless the unit is served `on`
 * while `on` is broken. Both evaluate `new-checkout` with the event's own context object, so it lands in their
 * assignment vector.
 */
function startShop(events: EventsClient, origin: number, firstIndex: number) {
  const client = events.client;
  let next = firstIndex;
  const timer = setInterval(() => {
    const due = Math.floor(((Date.now() - origin) * PER_SECOND) / 1000);
    for (; next <= due; next++) {
      const context = { id: `u-${next % UNITS}` };
      const request = events.startEvent(context, { name: "request" });
      const on = client.isOn("new-checkout", context);
      request.end();
      if (on) continue; // the broken checkout: units served `on` never book
      const booking = events.startEvent(context, { name: "booking" });
      client.isOn("new-checkout", context);
      booking.set("booking.amount", 120).end();
    }
  }, 100);
  return { stop: () => clearInterval(timer) };
}

/** The hour before `until`, as the shop would have sent it with the flag off, through the public ingest API. */
async function backfill(origin: number, until: number): Promise<number> {
  const total = Math.floor(((until - origin) * PER_SECOND) / 1000);
  let items: unknown[] = [];
  for (let n = 0; n < total; n++) {
    const ts = new Date(origin + (n * 1000) / PER_SECOND).toISOString();
    const unit = `u-${n % UNITS}`;
    const assignments = { "new-checkout": "off" };
    items.push({ type: "event", id: `r-${n}`, ts, name: "request", unit, assignments });
    items.push({
      type: "event",
      id: `b-${n}`,
      ts,
      name: "booking",
      unit,
      assignments,
      fields: { booking: { amount: 120 } },
    });
    if (items.length >= 2_000 || n === total - 1) {
      const answer = await call("POST", "/events?environment=production", items);
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
      items = [];
    }
  }
  return total;
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "sb-monitor-incident-"));
  receiver = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk) => (body += chunk));
    request.on("end", () => {
      received.push({ headers: request.headers, body });
      response.writeHead(200).end("ok");
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  serve = await startServe({
    dataDir,
    env: {
      SWITCHBOARD_ADMIN_TOKEN: ADMIN,
      SWITCHBOARD_MONITOR_INTERVAL_MS: "1000",
      SWITCHBOARD_MONITOR_LAG_MS: "5000",
    },
  });
}, 200_000);

afterAll(async () => {
  await stopServe(serve);
  await new Promise((resolve) => receiver?.close(resolve));
  rmSync(dataDir, { recursive: true, force: true });
}, 20_000);

describe("a monitor on real traffic", () => {
  it("alerts at the flag's minute, names it, kills it as monitor:bookings, recovers, resolves, delivers and charges the budget", async () => {
    const flag = await call("POST", "/flags", {
      key: "new-checkout",
      type: "boolean",
      defaultVariation: "off",
      environments: {
        production: { enabled: false, rules: [{ id: "rollout", kind: "ramp", serve: "on", percent: 50 }] },
      },
    });
    expect(flag.status, JSON.stringify(flag.body)).toBe(201);
    const token = await call("POST", "/tokens", { kind: "server-sdk", name: "shop", environment: "production" });
    expect(token.status, JSON.stringify(token.body)).toBe(201);

    // An hour of history, then the live shop carries on from the same schedule.
    const origin = Date.now() - 60 * MINUTE;
    const sent = await backfill(origin, Date.now());
    const client = createClient({ url: serve.url, sdkKey: token.body.secret });
    expect((await client.ready({ timeoutMs: 15_000 })).source).toBe("server");
    const events = createEventsClient(client, { exposures: "all", flushIntervalMs: 500 });
    const shop = startShop(events, origin, sent);
    try {
      const monitor = await call("POST", "/monitors", {
        key: "bookings",
        metric: { fn: "count", where: [{ field: "name", op: "=", value: "booking" }], environment: "production" },
        alert: {
          direction: "drop",
          recoveryMinutes: 1,
          channels: [{ type: "webhook", url: receiverUrl, secret: SECRET }],
        },
        actions: { action: "kill", minConfidence: 0.99 },
      });
      expect(monitor.status, JSON.stringify(monitor.body)).toBe(201);

      // Switch the flag on just after a minute starts: the monitor watches the metric from the switch on, so the
      // onset is the switch itself (the change's time), inside that minute.
      await new Promise((resolve) => setTimeout(resolve, MINUTE - (Date.now() % MINUTE) + 500));
      const onsetMinute = new Date(Math.floor(Date.now() / MINUTE) * MINUTE).toISOString();
      const enabled = await call("POST", "/flags/new-checkout/environments/production/enable", {
        reason: "ship the new checkout",
      });
      expect(enabled.status, JSON.stringify(enabled.body)).toBe(200);
      const [switched] = (await call("GET", "/changes?action=flag.enable&subjectKey=new-checkout")).body.items;
      const onsetAt = switched.at as string;
      expect(Math.floor(Date.parse(onsetAt) / MINUTE) * MINUTE).toBe(Date.parse(onsetMinute));

      const alert = await until("the alert", 150_000, async () => {
        const { body } = await call("GET", "/alerts?monitor=bookings");
        return body.items?.[0]?.action ? body.items[0] : undefined;
      });
      expect(alert.onsetAt).toBe(onsetAt);
      expect(alert.direction).toBe("drop");
      expect(alert.cause).toMatchObject({ kind: "flag", subject: "new-checkout" });
      expect(alert.cause.confidence).toBeGreaterThanOrEqual(0.99);
      expect(alert.sentence).toContain("new-checkout");
      expect(alert.action).toMatchObject({
        kind: "kill",
        outcome: "done",
        undo: { method: "POST", path: "/api/v1/flags/new-checkout/environments/production/enable" },
      });
      const kills = await call("GET", "/changes?action=flag.kill&subjectKey=new-checkout");
      expect(kills.body.items).toHaveLength(1);
      expect(kills.body.items[0]).toMatchObject({ actor: "monitor:bookings", environment: "production" });
      expect(kills.body.items[0].reason).toContain("Alert: bookings");
      // The app's SDK got the kill: everyone is served `off` again.
      await until("the SDK to see the kill", 10_000, async () =>
        client.isOn("new-checkout", { id: "u-1" }) || client.isOn("new-checkout", { id: "u-2" }) ? undefined : true,
      );

      const resolved = await until("the alert to resolve", 180_000, async () => {
        const { body } = await call("GET", `/alerts/${alert.id}`);
        return body.resolvedAt ? body : undefined;
      });
      expect(Date.parse(resolved.resolvedAt)).toBeGreaterThan(Date.parse(alert.detectedAt));
      expect(resolved.spent).toBeGreaterThan(0);

      // Bookings recovered: the first whole minute after the kill is back inside the band.
      type MinuteRow = { at: string; actual: number; expected: number; lower: number };
      const killMinute = Math.floor(Date.parse(kills.body.items[0].at) / MINUTE) * MINUTE;
      const minutes = await until("a whole minute after the kill", 90_000, async () => {
        const rows = (await call("GET", "/monitors/bookings/status")).body.minutes as MinuteRow[];
        return rows.some((m) => Date.parse(m.at) > killMinute) ? rows : undefined;
      });
      for (const minute of minutes.filter((m) => Date.parse(m.at) > killMinute)) {
        expect(minute.actual).toBeGreaterThanOrEqual(minute.lower);
      }
      const during = minutes.find((m) => m.at === onsetMinute);
      expect(during?.actual).toBeLessThan(0.7 * (during?.expected ?? 0));

      // The webhook receiver got the trigger and the resolve, both signed.
      await until("the resolve delivery", 30_000, async () => (received.length >= 2 ? true : undefined));
      for (const hook of received) expect(verifyStandardWebhook(hook.headers, hook.body)).toBe(true);
      expect(received.map((r) => JSON.parse(r.body).type)).toEqual([
        "monitor.alert.triggered",
        "monitor.alert.resolved",
      ]);
      expect(JSON.parse(received[0]?.body ?? "{}").data).toMatchObject({ id: alert.id, onset_at: onsetAt });

      // The error budget charges the incident to the flag.
      const budget = await call("GET", "/monitors/bookings/budget");
      expect(budget.status).toBe(200);
      expect(budget.body.spent).toBeGreaterThan(0);
      expect(budget.body.byIncident).toEqual([
        { alertId: alert.id, onsetAt, spent: resolved.spent, cause: "flag new-checkout" },
      ]);
      expect(budget.body.byCause).toEqual([{ cause: "flag new-checkout", spent: resolved.spent }]);
    } finally {
      shop.stop();
      await events.close();
      client.close();
    }
  }, 480_000);
});
