import { createHmac, randomBytes } from "node:crypto";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import type { Monitor } from "@switchboard/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestAppOver, ManualClock } from "../../http/testing/create-test-app.js";
import { DocumentKindRegistry, FakeConfigStore } from "../../store/index.js";
import { deliverDue } from "./alert-deliverer.js";
import { MONITOR_KIND } from "./monitor-service.js";

// Channel secrets are write-only through the API: every answer (monitor, list, write, audit log, markers) shows
// them redacted, and a write that leaves them out or sends the redacted form back keeps what is stored, which the
// deliverer then still signs and sends with (checked by a local receiver that verifies the signature itself).

const WEBHOOK_SECRET = `whsec_${randomBytes(32).toString("base64")}`;
const SLACK_URL = "https://hooks.slack.test/services/T000/B000/s3cr3tSlackT0kenXyZw";
const ROUTING_KEY = "R0utingKeyOfPagerDuty0123456789a";
const SECRETS = [WEBHOOK_SECRET, WEBHOOK_SECRET.slice(6), SLACK_URL, "s3cr3tSlackT0ken", ROUTING_KEY];

let receiverUrl = "";
const received: { headers: IncomingHttpHeaders; body: string }[] = [];
const receiver = createServer((request, response) => {
  let body = "";
  request.on("data", (chunk: Buffer) => {
    body += chunk.toString("utf8");
  });
  request.on("end", () => {
    received.push({ headers: request.headers, body });
    response.writeHead(204).end();
  });
});

beforeAll(async () => {
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
});
afterAll(() => new Promise<void>((resolve) => receiver.close(() => resolve())));

async function app() {
  const clock = new ManualClock("2030-01-08T12:00:00.000Z");
  const store = new FakeConfigStore(clock, DocumentKindRegistry.withBuiltIns().register(MONITOR_KIND));
  return createTestAppOver(store, clock);
}

function monitorWith(channels: unknown[]) {
  return {
    key: "bookings",
    metric: { fn: "count", where: [{ field: "name", op: "=", value: "booking" }], environment: "production" },
    alert: { channels },
  };
}

const allChannels = () => [
  { type: "webhook", url: receiverUrl, secret: WEBHOOK_SECRET },
  { type: "slack", url: SLACK_URL },
  { type: "pagerduty", routingKey: ROUTING_KEY, url: "http://127.0.0.1:9/v2/enqueue" },
];

function expectNoSecret(text: string): void {
  for (const secret of SECRETS) expect(text).not.toContain(secret);
}

/** The Standard Webhooks signature, computed here independently of the server's signer. */
function expectedSignature(headers: IncomingHttpHeaders, body: string, secret: string): string {
  const key = Buffer.from(secret.slice("whsec_".length), "base64");
  const signed = `${headers["webhook-id"]}.${headers["webhook-timestamp"]}.${body}`;
  return `v1,${createHmac("sha256", key).update(signed).digest("base64")}`;
}

describe("monitor channel secrets", () => {
  it("never come back from a create, read, list, replace, archive, the audit log or the markers", async () => {
    const t = await app();
    const created = await t.call("editor", {
      method: "POST",
      url: "/api/v1/monitors",
      payload: monitorWith(allChannels()),
    });
    expect(created.statusCode, created.body).toBe(201);
    expectNoSecret(created.body);
    expect(created.json().body.alert.channels).toEqual([
      { type: "webhook", url: receiverUrl, secret: `…${WEBHOOK_SECRET.slice(-4)}` },
      { type: "slack", url: "https://hooks.slack.test/…XyZw" },
      { type: "pagerduty", routingKey: "…789a", url: "http://127.0.0.1:9/v2/enqueue" },
    ]);
    const read = await t.call("viewer", { method: "GET", url: "/api/v1/monitors/bookings" });
    const list = await t.call("viewer", { method: "GET", url: "/api/v1/monitors" });
    const { key: _key, ...view } = read.json().body as Monitor & { key?: string };
    const replaced = await t.call("editor", {
      method: "PUT",
      url: "/api/v1/monitors/bookings",
      headers: { "if-match": '"1"' },
      payload: { ...view, description: "bookings per minute" },
    });
    expect(replaced.statusCode, replaced.body).toBe(200);
    const archived = await t.call("editor", { method: "POST", url: "/api/v1/monitors/bookings/archive", payload: {} });
    const all = await t.call("viewer", { method: "GET", url: "/api/v1/monitors?archived=true" });
    const changes = await t.call("admin", { method: "GET", url: "/api/v1/changes" });
    const markers = await t.call("viewer", {
      method: "GET",
      url: "/api/v1/markers?from=2030-01-01T00:00:00.000Z&to=2030-02-01T00:00:00.000Z",
    });
    for (const answer of [read, list, replaced, archived, all, changes, markers]) {
      expect(answer.statusCode, answer.body).toBe(200);
      expectNoSecret(answer.body);
    }
    expect(changes.json().items.filter((c: { subjectKind: string }) => c.subjectKind === "monitor")).toHaveLength(3);
    // The stored document still has every secret in full.
    const stored = await t.store.getDocument<Monitor>(MONITOR_KIND, "bookings");
    expect(JSON.stringify(stored?.body)).toContain(WEBHOOK_SECRET);
    expect(JSON.stringify(stored?.body)).toContain(ROUTING_KEY);
  });

  it("are kept by an edit that leaves them out or sends them back redacted, so deliveries still verify", async () => {
    const t = await app();
    await t.call("editor", { method: "POST", url: "/api/v1/monitors", payload: monitorWith(allChannels()) });
    const shown = (await t.call("viewer", { method: "GET", url: "/api/v1/monitors/bookings" })).json().body;
    // Reordered, one sent back redacted, the others left out: each keeps its own secret.
    const [webhook, slack, pagerduty] = shown.alert.channels;
    const edited = await t.call("editor", {
      method: "PUT",
      url: "/api/v1/monitors/bookings",
      headers: { "if-match": '"1"' },
      payload: {
        ...shown,
        scheduleMinutes: 2,
        alert: {
          channels: [
            { type: "pagerduty", url: pagerduty.url },
            { type: "webhook", url: webhook.url, secret: webhook.secret },
            { type: "slack", url: slack.url },
          ],
        },
      },
    });
    expect(edited.statusCode, edited.body).toBe(200);
    expectNoSecret(edited.body);
    const stored = await t.store.getDocument<Monitor>(MONITOR_KIND, "bookings");
    const channels = stored?.body.alert?.channels ?? [];
    expect(channels).toEqual([
      { type: "pagerduty", routingKey: ROUTING_KEY, url: "http://127.0.0.1:9/v2/enqueue" },
      { type: "webhook", url: receiverUrl, secret: WEBHOOK_SECRET },
      { type: "slack", url: SLACK_URL },
    ]);

    // The webhook channel, as stored after the edit, still delivers a payload its receiver can verify.
    const { alert } = await t.store.appendAlert({
      key: "bookings/2030-01-08T11:30:00.000Z",
      monitor: "bookings",
      environment: "production",
      direction: "drop",
      onsetAt: "2030-01-08T11:30:00.000Z",
      detectedAt: "2030-01-08T11:34:00.000Z",
      expected: 40,
      actual: 28,
      sentence: "bookings −30% since 11:30",
      cause: null,
    });
    const webhookOnly = channels.filter((c) => c.type === "webhook");
    const links = { alertUrl: "http://sb.test/alerts/1", chartUrl: "http://sb.test/chart" };
    const made = await deliverDue({ store: t.store, clock: t.clock }, alert, webhookOnly, links);
    expect(made.map((d) => d.outcome)).toEqual(["delivered"]);
    const last = received.at(-1);
    expect(last).toBeDefined();
    if (last === undefined) return;
    expect(last.headers["webhook-signature"]).toBe(expectedSignature(last.headers, last.body, WEBHOOK_SECRET));
  });

  it("are replaced by a new value, and refused where nothing stored can supply them", async () => {
    const t = await app();
    await t.call("editor", { method: "POST", url: "/api/v1/monitors", payload: monitorWith(allChannels()) });
    const newSecret = `whsec_${randomBytes(24).toString("base64")}`;
    const shown = (await t.call("viewer", { method: "GET", url: "/api/v1/monitors/bookings" })).json().body;
    const replaced = await t.call("editor", {
      method: "PUT",
      url: "/api/v1/monitors/bookings",
      headers: { "if-match": '"1"' },
      payload: { ...shown, alert: { channels: [{ type: "webhook", url: receiverUrl, secret: newSecret }] } },
    });
    expect(replaced.statusCode, replaced.body).toBe(200);
    const stored = await t.store.getDocument<Monitor>(MONITOR_KIND, "bookings");
    expect(stored?.body.alert?.channels).toEqual([{ type: "webhook", url: receiverUrl, secret: newSecret }]);

    const refused: [unknown[], string][] = [
      [[{ type: "webhook", url: receiverUrl }], "alert.channels[0].secret"],
      [[{ type: "webhook", url: receiverUrl, secret: "…abcd" }], "alert.channels[0].secret"],
      [[{ type: "webhook", url: receiverUrl, secret: "not-a-secret" }], "alert.channels[0].secret"],
      [[{ type: "slack" }], "alert.channels[0].url"],
      [[{ type: "pagerduty", routingKey: "…789a" }], "alert.channels[0].routingKey"],
      [[{ type: "pagerduty", routingKey: "short" }], "alert.channels[0].routingKey"],
      [[{ type: "email", to: ["not an address"] }], "alert.channels[0].to[0]"],
    ];
    for (const [channels, path] of refused) {
      const answer = await t.call("editor", {
        method: "POST",
        url: "/api/v1/monitors",
        payload: { ...monitorWith(channels), key: "other" },
      });
      expect(answer.statusCode, JSON.stringify(channels)).toBe(400);
      expect(answer.json().error.details.map((d: { path: string }) => d.path)).toContain(path);
    }
    expect(await t.store.getDocument(MONITOR_KIND, "other")).toBeUndefined();
    // An e-mail channel has no secret of its own (the SMTP credentials are the server's): shown as stored.
    const email = { type: "email", to: ["oncall@example.com"] };
    const withEmail = await t.call("editor", {
      method: "POST",
      url: "/api/v1/monitors",
      payload: { ...monitorWith([email]), key: "mailed" },
    });
    expect(withEmail.statusCode, withEmail.body).toBe(201);
    expect(withEmail.json().body.alert.channels).toEqual([email]);
  });
});
