import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureDashboardBuilt, launchChromium, signedInPage } from "./dashboard-browser.js";
import { api, type ServeProcess, startServe, stopServe } from "./serve-process.js";

// A real `switchboard serve` whose monitor runner (system clock) evaluates a monitor over ingested events: an hour
// of steady bookings that stops a few minutes ago, so the first minute the runner evaluates is a full drop and the
// runner raises a real alert at once. The dashboard then shows the band, the onset, the alert and the budget.
const ADMIN = "sb_admin_dashboard-monitors-0123456789abcdef";
const PER_MINUTE = 40;
const MINUTE = 60_000;
const screenshots = fileURLToPath(new URL("../../docs/screenshots/", import.meta.url));
let serve: ServeProcess;
let browser: Browser;
let dataDir: string;
let flagEnabledAtMs = 0;

const call = (method: string, path: string, body?: unknown) => api(serve.url, ADMIN, method, `/api/v1${path}`, body);

beforeAll(async () => {
  ensureDashboardBuilt();
  dataDir = mkdtempSync(join(tmpdir(), "sb-dashboard-monitors-"));
  [serve, browser] = await Promise.all([
    startServe({ dataDir, env: { SWITCHBOARD_ADMIN_TOKEN: ADMIN } }),
    launchChromium(),
  ]);
  // The orders monitor's story starts here: steady orders, then new-checkout is switched on in production.
  await seedEvents("order");
  const flag = await call("POST", "/flags", {
    key: "new-checkout",
    type: "boolean",
    defaultVariation: "off",
    environments: { production: { enabled: false, rules: [] } },
  });
  expect(flag.status, JSON.stringify(flag.body)).toBe(201);
  const enabled = await call("POST", "/flags/new-checkout/environments/production/enable", { reason: "ship it" });
  expect(enabled.status, JSON.stringify(enabled.body)).toBe(200);
  flagEnabledAtMs = Date.now();
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await stopServe(serve);
  rmSync(dataDir, { recursive: true, force: true });
}, 20_000);

/** 40 events a minute for the hour that ended four minutes ago (minute-aligned), nothing since. */
async function seedEvents(name: string): Promise<void> {
  const lastMinute = Math.floor(Date.now() / MINUTE) * MINUTE - 4 * MINUTE;
  const items = [];
  for (let m = 60; m >= 0; m--) {
    const start = lastMinute - m * MINUTE;
    for (let i = 0; i < PER_MINUTE; i++) {
      items.push({
        type: "event",
        id: `${name}-${start}-${i}`,
        ts: new Date(start + i * 1400).toISOString(),
        name,
        unit: `u-${i}`,
      });
    }
  }
  const answer = await call("POST", "/events?environment=production", items);
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
}

describe("monitor pages", () => {
  it("start empty with directions, then show the band, the onset line, the alert sentence and the budget", async () => {
    const empty = await signedInPage(browser, serve.url, ADMIN, "/alerts");
    await empty.getByRole("heading", { name: "No alerts yet" }).waitFor();
    await empty.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Monitors" }).click();
    await empty.getByRole("heading", { name: "No monitors yet" }).waitFor();
    await empty.close();

    await seedEvents("booking");
    const created = await call("POST", "/monitors", {
      key: "bookings",
      description: "Bookings per minute in production",
      metric: { fn: "count", where: [{ field: "name", op: "=", value: "booking" }], environment: "production" },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);

    // The runner passes every 5 s; wait for the alert and for a second evaluated minute, so the chart has a span.
    let alert: { id: string; onsetAt: string; sentence: string } | undefined;
    await expect
      .poll(
        async () => {
          const [alerts, status] = await Promise.all([
            call("GET", "/alerts?monitor=bookings"),
            call("GET", "/monitors/bookings/status"),
          ]);
          alert = alerts.body.items[0];
          return alert !== undefined && status.body.minutes.length >= 2;
        },
        { timeout: 150_000, interval: 2_000 },
      )
      .toBe(true);
    if (alert === undefined) throw new Error("no alert");

    const page = await signedInPage(browser, serve.url, ADMIN, "/monitors");
    await page.getByTestId("monitor-list").getByRole("link", { name: "bookings" }).click();
    const chart = page.getByTestId("monitor-chart");
    await chart.waitFor();
    // The page fetches the status and the alerts separately: poll each part until it has arrived.
    await expect.poll(async () => Number(await chart.getAttribute("data-minutes"))).toBeGreaterThanOrEqual(2);
    await expect.poll(() => chart.getAttribute("data-onsets")).toBe("1");
    // The band is drawn: the predicted mean (40) and its edges are in the chart's legend series.
    await expect.poll(() => page.locator(".u-legend").textContent()).toMatch(/Band upper/);
    await expect.poll(() => page.getByTestId("band-basis").textContent()).toMatch(/short-window/);
    await expect
      .poll(() => page.getByTestId("alert-sentence").first().textContent())
      .toBe(alert.sentence.replaceAll("`", ""));
    expect(alert.sentence).toMatch(/bookings/);
    await expect.poll(() => page.getByTestId("alert").first().getAttribute("data-alert-status")).toBe("open");
    await expect.poll(() => page.getByTestId("alert-action").first().textContent()).toMatch(/Action: /);
    await page.getByTestId("delivery-log").first().waitFor();

    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Alerts" }).click();
    await page.getByTestId("alert-list").waitFor();
    await expect
      .poll(() => page.getByTestId("alert-sentence").first().textContent())
      .toBe(alert.sentence.replaceAll("`", ""));
    await page.getByTestId("alert-list").getByRole("link", { name: "bookings" }).first().click();
    await page.getByRole("link", { name: "Error budget" }).click();
    await page.getByTestId("budget-left").waitFor();
    // The page shows the API's numbers (a minute may be evaluated in between: reload until both agree).
    const number = (text: string | null) => Number((text ?? "").replaceAll(",", ""));
    await expect
      .poll(
        async () => {
          await page.reload();
          await page.getByTestId("budget-left").waitFor();
          const shown = {
            spent: number(await page.getByTestId("budget-spent").textContent()),
            total: number(await page.getByTestId("budget-total").textContent()),
            left: number(await page.getByTestId("budget-left-number").textContent()),
          };
          const api = (await call("GET", "/monitors/bookings/budget")).body;
          return (
            Math.abs(shown.spent - api.spent) <= 0.5 &&
            Math.abs(shown.total - api.budget) <= 0.5 &&
            Math.abs(shown.left - api.left) <= 0.5
          );
        },
        { timeout: 30_000, interval: 1_000 },
      )
      .toBe(true);
    const budget = (await call("GET", "/monitors/bookings/budget")).body;
    expect(budget.spent).toBeGreaterThan(0);
    expect(await page.getByTestId("budget-left").getAttribute("data-level")).not.toBe("healthy");
    expect(await page.getByTestId("too-careful").count()).toBe(0);
    // A young monitor's burn chart is drawn from its minutes.
    await page.getByRole("img", { name: /Shortfall spent vs allowed/ }).waitFor();
    expect(await page.getByTestId("burn-rates").locator("tbody tr").count()).toBe(3);
    expect(await page.getByTestId("spenders-incidents").locator("li").count()).toBe(1);
    await page.screenshot({ path: `${screenshots}error-budget.png`, fullPage: true });
    await page.close();
  }, 240_000);

  it("show the flag the alert blames, the kill the monitor made as itself with its undo call, and the alert on the flag's page", async () => {
    // The first minute a new monitor evaluates starts two minutes before it is created: wait until that minute is
    // after the flag was switched on, so the switch precedes the onset and is the cause.
    const waitMs = Math.ceil(flagEnabledAtMs / MINUTE) * MINUTE + 2 * MINUTE + 1_000 - Date.now();
    if (waitMs > 0) await new Promise((resolve) => setTimeout(resolve, waitMs));
    const created = await call("POST", "/monitors", {
      key: "orders",
      metric: { fn: "count", where: [{ field: "name", op: "=", value: "order" }], environment: "production" },
      actions: { action: "kill", minConfidence: 0 },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    let alert: { id: string; sentence: string; action: { outcome: string } | null } | undefined;
    await expect
      .poll(
        async () => {
          alert = (await call("GET", "/alerts?monitor=orders")).body.items[0];
          return alert?.action?.outcome ?? "none yet";
        },
        { timeout: 60_000, interval: 2_000 },
      )
      .toBe("done");
    if (alert === undefined) throw new Error("no alert");
    expect(alert.sentence).toMatch(/new-checkout/);

    const page = await signedInPage(browser, serve.url, ADMIN, "/monitors/orders");
    await page.getByTestId("alert-action").first().waitFor();
    expect(await page.getByTestId("alert-action").first().textContent()).toBe(
      "Action: killed new-checkout in production as monitor:orders (POST /api/v1/flags/new-checkout/environments/production/enable)",
    );
    // The sentence reads as the server wrote it, its backticked names drawn as code.
    expect(await page.getByTestId("alert-sentence").first().textContent()).toBe(alert.sentence.replaceAll("`", ""));
    expect(await page.getByTestId("alert-sentence").first().locator("code").first().textContent()).toBe("new-checkout");
    // The kill is a change in production: its marker is drawn on the chart next to the enable that caused it.
    await page.getByTestId("monitor-chart").waitFor();
    await page.getByTestId("delivery-log").first().waitFor();
    await page.screenshot({ path: `${screenshots}monitor.png`, fullPage: true });

    // Once the cause is understood, the kill is undone from the alert: one click, a reason, and the flag is back on.
    await page.getByTestId("alert-undo").first().click();
    const dialog = page.getByRole("dialog");
    await dialog.getByRole("button", { name: "Undo: enable new-checkout again" }).waitFor();
    expect(await dialog.getByRole("button", { name: "Undo: enable new-checkout again" }).isDisabled()).toBe(true);
    await dialog.getByLabel("Reason (kept in the audit log)").fill("payment bug understood, fix deployed");
    await dialog.getByRole("button", { name: "Undo: enable new-checkout again" }).click();
    await page.getByTestId("alert-undone").waitFor();
    const flag = await call("GET", "/flags/new-checkout");
    expect(flag.body.body.environments.production.enabled).toBe(true);
    const history = await call("GET", "/changes?flag=new-checkout&limit=1");
    expect(history.body.items[0]?.reason).toBe("payment bug understood, fix deployed");

    await page.goto(`${serve.url}/flags/new-checkout?env=production`);
    const section = page.getByTestId("flag-alerts");
    await section.waitFor();
    await section.getByRole("link", { name: alert.sentence.replaceAll("`", "") }).click();
    await page.getByTestId("monitor-chart").waitFor();
    expect(new URL(page.url()).pathname).toBe("/monitors/orders");
    await page.close();
  }, 240_000);
});
