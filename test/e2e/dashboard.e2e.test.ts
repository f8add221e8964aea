import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureDashboardBuilt, launchChromium, signedInPage } from "./dashboard-browser.js";
import { api, type ServeProcess, startServe, stopServe } from "./serve-process.js";

const ADMIN = "sb_admin_dashboard-e2e-0123456789abcdef";
let serve: ServeProcess;
let browser: Browser;
let dataDir: string;

beforeAll(async () => {
  ensureDashboardBuilt();
  dataDir = mkdtempSync(join(tmpdir(), "sb-dashboard-"));
  [serve, browser] = await Promise.all([
    startServe({ dataDir, env: { SWITCHBOARD_ADMIN_TOKEN: ADMIN } }),
    launchChromium(),
  ]);
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await stopServe(serve);
  rmSync(dataDir, { recursive: true, force: true });
}, 20_000);

describe("the dashboard in a real browser", () => {
  it("is served at / with long-lived caching for hashed assets and revalidation for the page", async () => {
    const page = await fetch(`${serve.url}/flags`, { headers: { accept: "text/html" } });
    expect(page.status).toBe(200);
    expect(page.headers.get("cache-control")).toBe("no-cache");
    const html = await page.text();
    const asset = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(asset).toBeDefined();
    const script = await fetch(`${serve.url}${asset}`);
    expect(script.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    // Read the body: an unread response keeps its request in flight on the server.
    expect((await script.arrayBuffer()).byteLength).toBeGreaterThan(0);
    expect((await fetch(`${serve.url}/api/v1/nothing`, { headers: { accept: "text/html" } })).status).toBe(404);
  });

  it("signs in, creates a flag, ramps it with a confirmation and kills it with a typed confirmation", async () => {
    const page = await signedInPage(browser, serve.url, ADMIN);
    await page.getByRole("button", { name: "New flag" }).click();
    const form = page.getByRole("form", { name: "New flag" });
    await form.getByLabel("Key").fill("new-checkout");
    await form.getByLabel("Owner").fill("payments");
    await form.getByRole("button", { name: "Create flag" }).click();
    await page.getByRole("heading", { name: "new-checkout" }).waitFor();

    await page.getByLabel("Ramp percent").fill("25");
    await page.getByRole("button", { name: "Ramp to 25%…" }).click();
    await page
      .getByRole("dialog")
      .getByLabel(/Reason/)
      .fill("no errors at 5%");
    await page.getByRole("button", { name: "Ramp to 25%", exact: true }).click();
    await expect.poll(() => page.getByTestId("env-state").textContent()).toContain("ramp 25%");

    await page.getByRole("button", { name: "Kill switch…" }).click();
    const kill = page.getByRole("button", { name: "Kill it" });
    expect(await kill.isDisabled()).toBe(true);
    await page.getByLabel(/Type new-checkout to confirm/).fill("new-checkout");
    await page.getByRole("dialog").getByLabel("Reason").fill("checkout errors");
    await kill.click();
    await expect.poll(() => page.getByTestId("env-state").textContent()).toContain("Killed");

    const history = await api(serve.url, ADMIN, "GET", "/api/v1/changes?subjectKey=new-checkout");
    expect(history.body.items.map((c: { action: string }) => c.action)).toEqual(
      expect.arrayContaining(["flag.kill", "flag.create"]),
    );
    await expect.poll(() => page.getByTestId("history").textContent()).toContain("checkout errors");
    await page.close();
  });

  it("shows a viewer the flag without any edit controls", async () => {
    const created = await api(serve.url, ADMIN, "POST", "/api/v1/tokens", {
      kind: "personal",
      name: "vera",
      role: "viewer",
    });
    expect(created.status).toBe(201);
    const page = await signedInPage(browser, serve.url, created.body.secret, "/flags/new-checkout?env=production");
    await page.getByText("You have the viewer role").waitFor();
    expect(await page.getByTestId("who").textContent()).toContain("viewer");
    for (const name of ["Kill switch…", "Enable", "Save rules", "Schedule", "New flag"]) {
      expect(await page.getByRole("button", { name, exact: true }).count()).toBe(0);
    }
    await page.close();
  });

  it("shows rule problems next to the editor as you type, with the API's paths and words", async () => {
    const page = await signedInPage(browser, serve.url, ADMIN, "/flags/new-checkout?env=production");
    await page.getByRole("button", { name: "JSON (advanced)" }).click();
    await page
      .getByLabel("Rules (JSON, in order)")
      .fill('[{"id": "r1", "kind": "ramp", "serve": "on", "percent": 140}]');
    await expect.poll(() => page.getByTestId("rules-problems").textContent()).toContain("rules[0].percent");
    expect(await page.getByRole("button", { name: "Save rules" }).isDisabled()).toBe(true);
    await page.close();
  });

  it("draws the kill as a marker on the timeline charts; wheel zooms, drag pans, hovering tells who and why, clicking opens the change", async () => {
    await seedEvents(300);
    const page = await signedInPage(browser, serve.url, ADMIN, "/timeline?last=1h");
    await page.locator('[data-testid="marker-list"] li[data-marker-kind="kill"]').waitFor();
    expect(await page.locator('[data-testid="charts"] canvas').count()).toBe(4);
    const reset = page.getByRole("button", { name: "Reset zoom" });
    expect(await reset.isDisabled()).toBe(true);
    const zoomBox = await page.locator(".u-over").first().boundingBox();
    if (zoomBox === null) throw new Error("no chart");
    await page.mouse.move(zoomBox.x + zoomBox.width / 2, zoomBox.y + zoomBox.height / 2);
    await page.mouse.wheel(0, -400);
    await expect.poll(() => reset.isDisabled()).toBe(false);
    const shown = () => page.getByTestId("zoom-range").textContent();
    const before = await shown();
    expect(before).not.toBe("whole range");
    await page.mouse.down();
    await page.mouse.move(zoomBox.x + zoomBox.width / 2 + 200, zoomBox.y + zoomBox.height / 2, { steps: 5 });
    await page.mouse.up();
    await expect.poll(shown).not.toBe(before);
    expect(new URL(page.url()).pathname).toBe("/timeline");
    await reset.click();
    await expect.poll(() => reset.isDisabled()).toBe(true);
    const over = page.locator(".u-over").first();
    const box = await over.boundingBox();
    if (box === null) throw new Error("no chart");
    let tip = "";
    for (let x = box.x + box.width - 1; x > box.x + box.width - 120 && tip === ""; x -= 3) {
      await page.mouse.move(x, box.y + box.height / 2);
      if ((await page.getByTestId("marker-tip").count()) > 0)
        tip = (await page.getByTestId("marker-tip").textContent()) ?? "";
      if (tip !== "" && !tip.includes("kill")) tip = "";
    }
    expect(tip).toContain("checkout errors");
    await page.mouse.down();
    await page.mouse.up();
    await page.waitForURL(/\/flags\/new-checkout\?env=production#change-\d+$/);
    await page.getByTestId("exposures-chart").waitFor({ timeout: 15_000 });
    await page.close();
  });

  it("plots the units exposed to each variation of a flag over time, with the flag's changes as markers", async () => {
    const page = await signedInPage(browser, serve.url, ADMIN, "/flags/new-checkout?env=production");
    const chart = page.getByTestId("exposures-chart");
    await chart.waitFor({ timeout: 15_000 });
    expect(await chart.locator("canvas").count()).toBe(1);
    const legend = (await chart.locator(".u-legend").textContent()) ?? "";
    expect(legend).toContain("on");
    expect(legend).toContain("off");
    expect(await chart.getByRole("img").getAttribute("aria-label")).toMatch(/with [1-9]\d* change markers/);
    expect(await page.getByTestId("exposures-caption").textContent()).toContain("Distinct units");
    expect(await chart.getByRole("img").getAttribute("aria-label")).toContain("units exposed per variation");
    await page.close();
  });

  it("runs an explorer query grouped by a flag's variation, shares it in the address and drills down to events", async () => {
    const page = await signedInPage(browser, serve.url, ADMIN, "/explorer");
    await page.getByLabel(/Group by/).fill("assignments.new-checkout");
    await page.getByRole("button", { name: "Run query" }).click();
    const results = page.getByTestId("results");
    await expect.poll(() => results.textContent(), { timeout: 15_000 }).toMatch(/assignments\.new-checkout.*(on|off)/s);
    expect(decodeURIComponent(page.url())).toContain('"groupBy":["assignments.new-checkout"]');
    const shared = await signedInPage(
      browser,
      serve.url,
      ADMIN,
      new URL(page.url()).pathname + new URL(page.url()).search,
    );
    await expect.poll(() => shared.getByTestId("results").textContent(), { timeout: 15_000 }).toContain("count");
    await page.getByRole("button", { name: "Show events" }).first().click();
    await expect.poll(() => page.locator('[data-testid="results"] th').first().textContent()).toBe("id");
    await Promise.all([page.close(), shared.close()]);
  });

  it("shows a service's pools and split, and the back button returns to the previous pool after a confirmation", async () => {
    const service = {
      name: "web",
      environment: "production",
      pools: [
        { name: "a", release: "aaa1111", backends: ["127.0.0.1:1"] },
        { name: "b", release: "bbb2222", backends: ["127.0.0.1:2"] },
      ],
      dataPlane: { kind: "none" },
    };
    expect((await api(serve.url, ADMIN, "POST", "/api/v1/traffic/services", service)).status).toBe(201);
    const sw = await api(serve.url, ADMIN, "POST", "/api/v1/traffic/services/production/web/switch", { pool: "b" });
    expect(sw.status).toBe(200);
    const page = await signedInPage(browser, serve.url, ADMIN, "/traffic");
    await expect.poll(() => page.getByTestId("split").textContent()).toContain("all to b");
    await page.getByRole("button", { name: "⟲ Back" }).click();
    await page.getByRole("dialog").getByLabel("Reason").fill("b is slow");
    await page.getByRole("button", { name: "Go back" }).click();
    await expect.poll(() => page.getByTestId("split").textContent()).toContain("all to a");
    await expect.poll(() => page.getByTestId("traffic-history").textContent()).toContain("b is slow");
    await page.close();
  });
  it("switches, ramps and drains pools from the traffic page after a confirmation with a reason", async () => {
    const page = await signedInPage(browser, serve.url, ADMIN, "/traffic");
    await expect.poll(() => page.getByTestId("split").textContent()).toContain("all to a");
    await page.getByLabel("Pool to switch to").selectOption("b");
    await page.getByRole("button", { name: "Switch…" }).click();
    const dialog = page.getByRole("dialog");
    expect(await dialog.getByRole("heading").textContent()).toContain("all requests to b");
    await dialog.getByLabel(/Reason/).fill("b is fixed");
    await dialog.getByRole("button", { name: "Switch to b" }).click();
    await expect.poll(() => page.getByTestId("split").textContent()).toContain("all to b");
    const switches = await api(serve.url, ADMIN, "GET", "/api/v1/changes?action=traffic.switch&limit=1");
    expect(switches.body.items[0]?.reason).toBe("b is fixed");

    await page.getByLabel("Percent for pool a").fill("95");
    await expect.poll(() => page.getByTestId("weights-problem").textContent()).toContain("sum to 195%");
    expect(await page.getByRole("button", { name: "Ramp…" }).isDisabled()).toBe(true);
    await page.getByLabel("Percent for pool b").fill("5");
    await page.getByRole("button", { name: "Ramp…" }).click();
    await dialog.getByLabel(/Reason/).fill("canary of a");
    await dialog.getByRole("button", { name: "Apply split" }).click();
    await expect.poll(() => page.getByTestId("split").textContent()).toContain("a 95% · b 5%");

    await page.getByLabel("Pool to switch to").selectOption("a");
    await page.getByRole("button", { name: "Switch…" }).click();
    await dialog.getByRole("button", { name: "Switch to a" }).click();
    await expect.poll(() => page.getByTestId("split").textContent()).toContain("all to a");
    await page.getByRole("button", { name: "Drain…" }).click();
    await dialog.getByRole("button", { name: "Drain it" }).click();
    await expect
      .poll(async () => (await api(serve.url, ADMIN, "GET", "/api/v1/changes?action=traffic.drain")).body.items.length)
      .toBe(1);
    await page.close();
  });
});

async function seedEvents(count: number): Promise<void> {
  const now = Date.now();
  const events = Array.from({ length: count }, (_, i) => ({
    type: "event",
    id: `e2e-${i}`,
    ts: new Date(now - (count - i) * 10_000).toISOString(),
    name: i % 10 === 0 ? "booking" : "request",
    durationMs: 20 + (i % 50),
    status: i % 25 === 0 ? 500 : 200,
    release: i < count / 2 ? "aaa1111" : "bbb2222",
    assignments: { "new-checkout": i % 2 === 0 ? "on" : "off" },
    fields: { http: { route: i % 3 === 0 ? "/checkout" : "/search" } },
  }));
  // Every third request's unit is exposed to the variation it was served (40 units in all).
  const exposures = events
    .filter((_, i) => i % 3 === 0)
    .map((event, k) => ({
      type: "exposure",
      id: `x-${event.id}`,
      ts: event.ts,
      unit: `user-${k % 40}`,
      hashAttribute: "id",
      flag: "new-checkout",
      variation: event.assignments["new-checkout"],
      ruleId: "rollout",
    }));
  const answer = await api(serve.url, ADMIN, "POST", "/api/v1/events?environment=production", [
    ...events,
    ...exposures,
  ]);
  expect(answer.status).toBe(200);
}
