import type { AddressInfo } from "node:net";
import type { Alert, MonitorChannel } from "@switchboard/core";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DocumentKindRegistry, FakeConfigStore } from "../../store/index.js";
import { deliverDue } from "./alert-deliverer.js";
import { createSmtpMailer } from "./smtp-mailer.js";

// Alert e-mails go through nodemailer to a real SMTP receiver on 127.0.0.1 (the `smtp-server` package): the
// receiver sees the envelope, the headers and the sentence; a recipient it refuses with 550 is not retried.
interface Received {
  from: string;
  to: string[];
  raw: string;
}
const received: Received[] = [];
const REFUSED = "nobody@example.com";
const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ["STARTTLS"],
  logger: false,
  onRcptTo(address, _session, callback) {
    if (address.address === REFUSED) {
      const refusal = Object.assign(new Error("5.1.1 No such user"), { responseCode: 550 });
      callback(refusal);
      return;
    }
    callback();
  },
  onData(stream, session, callback) {
    let raw = "";
    stream.on("data", (chunk: Buffer) => {
      raw += chunk.toString("utf8");
    });
    stream.on("end", () => {
      const from = session.envelope.mailFrom === false ? "" : session.envelope.mailFrom.address;
      received.push({ from, to: session.envelope.rcptTo.map((r) => r.address), raw });
      callback();
    });
  },
});
let smtpUrl = "";

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  smtpUrl = `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const links = { alertUrl: "http://sb.test/monitors/bookings", chartUrl: "http://sb.test/chart" };

async function setup() {
  const clock = { now: () => new Date("2030-01-08T11:34:00Z") };
  const store = new FakeConfigStore(clock, DocumentKindRegistry.withBuiltIns());
  const { alert } = await store.appendAlert({
    key: "bookings/2030-01-08T11:30:00.000Z",
    monitor: "bookings",
    environment: "production",
    direction: "drop",
    onsetAt: "2030-01-08T11:30:00.000Z",
    detectedAt: "2030-01-08T11:34:00.000Z",
    expected: 40,
    actual: 28,
    sentence: "bookings −30% (−12/min vs predicted) since 11:30 UTC in production",
    cause: null,
  });
  return { clock, store, alert };
}

describe("alert e-mail", () => {
  it("sends trigger and resolve through SMTP with the sentence, links and a stable Message-ID", async () => {
    const t = await setup();
    const mailer = createSmtpMailer({ url: smtpUrl, from: "Switchboard <alerts@example.com>" });
    const channel: MonitorChannel = { type: "email", to: ["oncall@example.com", "lead@example.com"] };
    try {
      const deps = { store: t.store, clock: t.clock, mail: mailer.mail };
      const first = await deliverDue(deps, t.alert, [channel], links);
      expect(first.map((d) => `${d.channelType} ${d.event} ${d.outcome}`)).toEqual(["email trigger delivered"]);
      const resolved: Alert = await t.store.resolveAlert(t.alert.id, "2030-01-08T12:00:00.000Z", 10);
      await deliverDue(deps, resolved, [channel], links);
    } finally {
      mailer.close();
    }
    expect(received).toHaveLength(2);
    const [trigger, resolve] = received;
    expect(trigger?.from).toBe("alerts@example.com");
    expect(trigger?.to).toEqual(["oncall@example.com", "lead@example.com"]);
    expect(trigger?.raw).toMatch(/^Subject: \[Switchboard\] bookings: drop in production$/m);
    expect(trigger?.raw).toContain(`Message-ID: <${t.alert.id}.trigger.0@switchboard>`);
    const body = quotedPrintable(trigger?.raw ?? "");
    expect(body).toContain("bookings −30% (−12/min vs predicted) since 11:30 UTC in production");
    expect(body).toContain("The alert: http://sb.test/monitors/bookings");
    expect(resolve?.raw).toMatch(/^Subject: \[Switchboard\] bookings recovered in production$/m);
    expect((await t.store.listDeliveries(t.alert.id)).map((d) => `${d.event} ${d.outcome}`)).toEqual([
      "trigger delivered",
      "resolve delivered",
    ]);
  });

  it("gives up at once when the server refuses the recipient (5xx), and says so when no SMTP server is set", async () => {
    const t = await setup();
    const mailer = createSmtpMailer({ url: smtpUrl, from: "alerts@example.com" });
    try {
      const [refused] = await deliverDue(
        { store: t.store, clock: t.clock, mail: mailer.mail },
        t.alert,
        [{ type: "email", to: [REFUSED] }],
        links,
      );
      expect(refused?.outcome).toBe("gave-up");
      expect(refused?.error).toMatch(/No such user/);
    } finally {
      mailer.close();
    }
    const other = await setup();
    const [unconfigured] = await deliverDue(
      { store: other.store, clock: other.clock },
      other.alert,
      [{ type: "email", to: ["oncall@example.com"] }],
      links,
    );
    expect(unconfigured?.outcome).toBe("gave-up");
    expect(unconfigured?.error).toMatch(/SWITCHBOARD_SMTP_URL/);
  });
});

/** The text of a quoted-printable body (how nodemailer encodes the non-ASCII sentence), for the assertions. */
function quotedPrintable(raw: string): string {
  const joined = raw.replace(/=\r?\n/g, "");
  const bytes: number[] = [];
  for (let i = 0; i < joined.length; i++) {
    const hex = joined.slice(i + 1, i + 3);
    if (joined[i] === "=" && /^[0-9A-F]{2}$/.test(hex)) {
      bytes.push(Number.parseInt(hex, 16));
      i += 2;
    } else bytes.push(...Buffer.from(joined[i] ?? "", "utf8"));
  }
  return Buffer.from(bytes).toString("utf8");
}
