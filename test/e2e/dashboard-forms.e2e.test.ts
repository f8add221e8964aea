import { createHmac } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser } from "playwright-core";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureDashboardBuilt, launchChromium, signedInPage } from "./dashboard-browser.js";
import { api, type ServeProcess, startServe, stopServe } from "./serve-process.js";

// A real `switchboard serve` and Chromium: metric definitions and a monitor are made through the dashboard's forms,
// the server's validation problems show at their fields, a version conflict is caught, and the monitor made in the
// browser really runs: its first alert reaches a local receiver, signed with the secret generated in the form, and
// a local SMTP server as an e-mail.
const ADMIN = "sb_admin_dashboard-forms-0123456789abcdef";
const MINUTE = 60_000;
const screenshots = fileURLToPath(new URL("../../docs/screenshots/", import.meta.url));
let serve: ServeProcess;
let browser: Browser;
let dataDir: string;
let receiverUrl = "";
const received: { path: string; headers: IncomingHttpHeaders; body: string }[] = [];
const receiver = createServer((request, response) => {
  let body = "";
  request.on("data", (chunk: Buffer) => {
    body += chunk.toString("utf8");
  });
  request.on("end", () => {
    received.push({ path: request.url ?? "", headers: request.headers, body });
    response.writeHead(200).end("ok");
  });
});

// The server's SMTP server for e-mail channels: a local receiver that keeps each message's recipients and text.
const mails: { to: string[]; raw: string }[] = [];
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ["STARTTLS"],
  logger: false,
  onData(stream, session, callback) {
    let raw = "";
    stream.on("data", (chunk: Buffer) => {
      raw += chunk.toString("utf8");
    });
    stream.on("end", () => {
      mails.push({ to: session.envelope.rcptTo.map((r) => r.address), raw });
      callback();
    });
  },
});

const call = (method: string, path: string, body?: unknown) => api(serve.url, ADMIN, method, `/api/v1${path}`, body);

beforeAll(async () => {
  ensureDashboardBuilt();
  dataDir = mkdtempSync(join(tmpdir(), "sb-dashboard-forms-"));
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
  const smtpUrl = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
  [serve, browser] = await Promise.all([
    startServe({
      dataDir,
      env: {
        SWITCHBOARD_ADMIN_TOKEN: ADMIN,
        SWITCHBOARD_SMTP_URL: smtpUrl,
        SWITCHBOARD_SMTP_FROM: "alerts@example.com",
      },
    }),
    launchChromium(),
  ]);
}, 200_000);

afterAll(async () => {
  await browser?.close();
  await stopServe(serve);
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
  rmSync(dataDir, { recursive: true, force: true });
}, 20_000);

/** The Standard Webhooks signature of a received request, computed here independently of the server. */
function signatureFor(headers: IncomingHttpHeaders, body: string, secret: string): string {
  const key = Buffer.from(secret.slice("whsec_".length), "base64");
  const signed = `${headers["webhook-id"]}.${headers["webhook-timestamp"]}.${body}`;
  return `v1,${createHmac("sha256", key).update(signed).digest("base64")}`;
}

describe("dashboard forms", () => {
  it("define metrics of two kinds, show the server's problems at the field, catch a version conflict, link from an experiment", async () => {
    const page = await signedInPage(browser, serve.url, ADMIN, "/flags");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Metrics" }).click();
    await page.getByRole("heading", { name: "No metrics yet" }).waitFor();
    await page.getByRole("button", { name: "Define the first metric" }).click();

    // A proportion whose filter names a field the event schema does not know: the 400 lands at that input.
    const form = page.getByRole("form", { name: "New metric" });
    await form.getByLabel("Name").fill("checkout_conversion");
    await form.getByLabel("Window after first exposure").fill("7d");
    await form.getByRole("button", { name: "+ Filter" }).click();
    const filter = form.locator(".filter-line").first();
    await filter.locator("input[list]").fill("bogus");
    await filter.getByLabel("Value").fill("checkout.completed");
    await form.getByRole("button", { name: "Create metric" }).click();
    const note = form.locator('[data-field="where[0].field"]');
    await note.waitFor();
    expect(await note.textContent()).toMatch(/bogus/);
    expect(await filter.locator("input[list]").getAttribute("aria-invalid")).toBe("true");
    await filter.locator("input[list]").fill("name");
    await form.getByRole("button", { name: "Create metric" }).click();
    await page.getByRole("heading", { name: "checkout_conversion" }).waitFor();
    expect(await page.getByTestId("metric-summary").textContent()).toBe(
      'proportion: units with a matching event · where name = "checkout.completed" · within 7d · higher is better',
    );

    // A ratio guardrail from span totals.
    await page.getByRole("link", { name: "Metrics" }).first().click();
    await page.getByRole("button", { name: "New metric" }).click();
    const ratio = page.getByRole("form", { name: "New metric" });
    await ratio.getByLabel("Name").fill("sql_ms_per_execution");
    await ratio.getByLabel("Kind").selectOption("ratio");
    await ratio.getByLabel("Better when").selectOption("lower");
    await ratio.getByLabel("Guardrail tolerance").fill("0.1");
    await ratio.getByLabel("Description").fill("SQL milliseconds per execution inside the request");
    await ratio.getByLabel("Numerator field").fill("spans.sql.ms");
    await ratio.getByLabel("Denominator field").fill("spans.sql.count");
    await page.screenshot({ path: `${screenshots}metric-form.png`, fullPage: true });
    await ratio.getByRole("button", { name: "Create metric" }).click();
    await page.getByRole("heading", { name: "sql_ms_per_execution" }).waitFor();
    const stored = await call("GET", "/metrics/sql_ms_per_execution");
    expect(stored.body.body).toEqual({
      kind: "ratio",
      description: "SQL milliseconds per execution inside the request",
      direction: "lower",
      tolerance: 0.1,
      numerator: { aggregate: "sum", field: "spans.sql.ms" },
      denominator: { aggregate: "sum", field: "spans.sql.count" },
    });

    // Someone else saves version 2 while the form edits version 1: the save is refused and the new version loads.
    const edit = page.getByRole("form", { name: "Edit sql_ms_per_execution" });
    await edit.getByLabel("Guardrail tolerance").fill("0.2");
    const other = await fetch(`${serve.url}/api/v1/metrics/sql_ms_per_execution`, {
      method: "PUT",
      headers: { authorization: `Bearer ${ADMIN}`, "content-type": "application/json", "if-match": '"1"' },
      body: JSON.stringify({ ...stored.body.body, owner: "platform" }),
    });
    expect(other.status).toBe(200);
    await edit.getByRole("button", { name: "Save metric" }).click();
    await page.getByTestId("version-conflict").waitFor();
    await page.getByRole("button", { name: "Load the saved version" }).click();
    await expect.poll(() => page.getByTestId("metric-version").textContent()).toMatch(/version 2 · owner platform/);
    await edit.getByLabel("Guardrail tolerance").fill("0.2");
    await edit.getByRole("button", { name: "Save metric" }).click();
    await page.getByText("Saved as version 3.").waitFor();
    expect((await call("GET", "/metrics/sql_ms_per_execution")).body.body).toMatchObject({
      owner: "platform",
      tolerance: 0.2,
    });

    // The list shows both; the experiment page links the metrics it names, and offers to define a missing one.
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Metrics" }).click();
    const list = page.getByTestId("metric-list");
    await list.waitFor();
    expect(await list.locator("li").count()).toBe(2);
    expect(await list.textContent()).toMatch(/sql_ms_per_execution.*ratio: sum\(spans\.sql\.ms\) \/ sum/);
    const experiment = await call("POST", "/experiments", {
      name: "checkout-exp",
      metrics: ["checkout_conversion"],
      guardrails: ["sql_ms_per_execution", "refunds"],
    });
    expect(experiment.status, JSON.stringify(experiment.body)).toBe(201);
    await page.goto(`${serve.url}/experiments/checkout-exp`);
    const used = page.getByTestId("metrics-used");
    await used.waitFor();
    expect(await used.locator("li").count()).toBe(3);
    await used.getByRole("link", { name: "define it" }).click();
    const define = page.getByRole("form", { name: "New metric" });
    expect(await define.getByLabel("Name").inputValue()).toBe("refunds");
    await define.getByLabel("Kind").selectOption("mean");
    await define.getByRole("button", { name: "Create metric" }).click();
    await page.getByRole("heading", { name: "refunds" }).waitFor();
    // An experiment still names it: archiving is refused, with the reason in words.
    await page.getByRole("button", { name: "Archive refunds" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Archive" }).click();
    await expect.poll(() => page.locator(".error-note").textContent()).toMatch(/used by experiment "checkout-exp"/);
    await page.goto(`${serve.url}/experiments/checkout-exp`);
    await page.getByTestId("metrics-used").getByRole("link", { name: "checkout_conversion" }).click();
    await page.getByRole("heading", { name: "checkout_conversion" }).waitFor();
    await page.close();
  }, 180_000);

  it("create a monitor with webhook, Slack and e-mail channels, edit it without retyping secrets, and see it alert", async () => {
    await seedOrders();
    const page = await signedInPage(browser, serve.url, ADMIN, "/monitors");
    await page.getByRole("button", { name: "Create the first monitor" }).click();
    const form = page.getByRole("form", { name: "New monitor" });
    await form.getByLabel("Key").fill("orders");
    await form.getByLabel("Description").fill("Orders per minute in production");
    await form.locator(".filter-line").first().getByLabel("Value").fill("order");
    await form.getByLabel("Threshold h (σ)").fill("-1");
    await form.getByRole("button", { name: "+ Webhook" }).click();
    await form.getByLabel("Webhook URL").fill(`${receiverUrl}/hooks`);
    await form.getByRole("button", { name: "Generate a secret" }).click();
    const secret = await form.getByLabel("Signing secret").inputValue();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/=]{44}$/);
    await form.getByRole("button", { name: "+ Slack" }).click();
    await form.getByLabel("Slack webhook URL").fill(`${receiverUrl}/slack/T000/B000/slacksecretXYZ1`);
    await form.getByRole("button", { name: "+ E-mail" }).click();
    await form.getByLabel("Recipients").fill("oncall@example.com, lead@example.com");
    await form.getByRole("button", { name: "Create monitor" }).click();
    const note = form.locator('[data-field="alert.cusumH"]');
    await note.waitFor();
    expect(await note.textContent()).toMatch(/greater than 0/);
    expect(await form.getByLabel("Threshold h (σ)").getAttribute("aria-invalid")).toBe("true");
    await page.screenshot({ path: `${screenshots}monitor-form.png`, fullPage: true });
    await form.getByLabel("Threshold h (σ)").fill("");
    await form.getByRole("button", { name: "Create monitor" }).click();
    await page.getByRole("heading", { name: "orders" }).waitFor();

    // Editing: the secrets are shown only by their last characters and kept when left empty.
    await page.getByRole("button", { name: "Edit settings" }).click();
    const edit = page.getByRole("form", { name: "Edit orders" });
    expect(await edit.textContent()).toContain(`stored: …${secret.slice(-4)}`);
    expect(await edit.getByLabel("Signing secret").inputValue()).toBe("");
    await edit.getByLabel("Description").fill("Orders per minute, production");
    await edit.getByRole("button", { name: "Save monitor" }).click();
    await page.getByText("Saved as version 2.").waitFor();
    const shown = await call("GET", "/monitors/orders");
    expect(JSON.stringify(shown.body)).not.toContain(secret);
    expect(JSON.stringify(shown.body)).not.toContain("slacksecretXYZ1");
    expect(shown.body.body.alert.channels).toEqual([
      { type: "webhook", url: `${receiverUrl}/hooks`, secret: `…${secret.slice(-4)}` },
      { type: "slack", url: `${receiverUrl}/…XYZ1` },
      { type: "email", to: ["oncall@example.com", "lead@example.com"] },
    ]);

    // The monitor runs: the orders stopped minutes ago, so its first alert goes out, signed with the kept secret.
    await expect
      .poll(() => received.filter((r) => r.path === "/hooks").length, { timeout: 90_000, interval: 1_000 })
      .toBeGreaterThan(0);
    const hook = received.find((r) => r.path === "/hooks");
    if (hook === undefined) throw new Error("no webhook delivery");
    expect(hook.headers["webhook-signature"]).toBe(signatureFor(hook.headers, hook.body, secret));
    expect(JSON.parse(hook.body)).toMatchObject({ type: "monitor.alert.triggered", data: { monitor: "orders" } });
    await expect
      .poll(() => received.some((r) => r.path === "/slack/T000/B000/slacksecretXYZ1"), { timeout: 30_000 })
      .toBe(true);
    await expect.poll(() => mails.length, { timeout: 30_000 }).toBeGreaterThan(0);
    expect(mails[0]?.to).toEqual(["oncall@example.com", "lead@example.com"]);
    expect(mails[0]?.raw).toMatch(/^Subject: \[Switchboard\] orders: drop in production$/m);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Monitors" }).click();
    expect(await page.getByTestId("monitor-list").textContent()).toMatch(/orders.*Orders per minute, production/);
    await page.close();
  }, 180_000);
});

/** 40 orders a minute for the hour that ended four minutes ago (minute-aligned), nothing since. */
async function seedOrders(): Promise<void> {
  const lastMinute = Math.floor(Date.now() / MINUTE) * MINUTE - 4 * MINUTE;
  const items = [];
  for (let m = 60; m >= 0; m--) {
    const start = lastMinute - m * MINUTE;
    for (let i = 0; i < 40; i++) {
      items.push({
        type: "event",
        id: `order-${start}-${i}`,
        ts: new Date(start + i * 1400).toISOString(),
        name: "order",
      });
    }
  }
  const answer = await call("POST", "/events?environment=production", items);
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
}
