import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHECKOUT_MONITOR, type LiveDemoReport, playLiveDemo } from "../../packages/cli/src/demo/live/live-script.js";
import { type DemoServer, startEmbeddedServer } from "../../packages/cli/src/demo/live/live-server.js";
import { ensureDashboardBuilt, launchChromium, signedInPage } from "./dashboard-browser.js";
import { api } from "./serve-process.js";

// The whole story of `switchboard demo --live`, at high speed on the embedded default: the script runs against a
// real server in this process, a real shop on the SDK and a real built-in proxy; every step's outcome is then read
// back through the public API, and each step's dashboard page is photographed in real Chromium for the README.
// Monitors work on whole minutes, so the incident alone takes about three of them.
const shots = fileURLToPath(new URL("../../docs/screenshots/", import.meta.url));
let server: DemoServer;
let browser: Browser;
let page: Page | undefined;
let report: LiveDemoReport;
const output: string[] = [];
const call = (method: string, path: string) => api(server.url, server.token, method, `/api/v1${path}`);

beforeAll(async () => {
  ensureDashboardBuilt();
  mkdirSync(shots, { recursive: true });
  server = await startEmbeddedServer(0);
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
}, 30_000);

function slug(title: string): string {
  return title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")
    .slice(0, 40);
}

describe("switchboard demo --live", () => {
  it("plays the story and every outcome is visible through the API and the dashboard", async () => {
    let shot = 0;
    report = await playLiveDemo({
      server,
      speed: 50,
      write: (text) => output.push(text),
      afterStep: async ({ title, link }) => {
        page ??= await signedInPage(browser, server.url, server.token, "/flags");
        await page.goto(link);
        await page.waitForLoadState("networkidle");
        await page.waitForTimeout(500);
        shot++;
        await page.screenshot({ path: `${shots}demo-${String(shot).padStart(2, "0")}-${slug(title)}.png` });
      },
    });
    const transcript = output.join("");
    for (const step of report.steps) expect(step.ok, `${step.title}: ${step.detail}\n${transcript}`).toBe(true);

    // The alert names the new checkout's activation, with per-variation evidence, and the kill was the monitor's.
    const alerts = (await call("GET", `/alerts?monitor=${CHECKOUT_MONITOR}`)).body.items;
    expect(alerts[0].cause).toMatchObject({ kind: "flag", subject: "new-checkout-payment" });
    expect(alerts[0].sentence).toContain("new-checkout-payment");
    expect(alerts[0].cause.confidence).toBeGreaterThanOrEqual(0.99);
    const kills = (await call("GET", "/changes?action=flag.kill&subjectKey=new-checkout-payment")).body.items;
    expect(kills[0].actor).toBe(`monitor:${CHECKOUT_MONITOR}`);
    // Bookings recovered: every whole minute after the kill is inside the band.
    const killMinute = Math.floor(Date.parse(kills[0].at) / 60_000) * 60_000;
    const minutes = (await call("GET", `/monitors/${CHECKOUT_MONITOR}/status`)).body.minutes as {
      at: string;
      actual: number;
      lower: number;
    }[];
    const after = minutes.filter((m) => Date.parse(m.at) > killMinute);
    expect(after.length).toBeGreaterThan(0);
    for (const minute of after) expect(minute.actual).toBeGreaterThanOrEqual(minute.lower);
    expect((await call("GET", `/monitors/${CHECKOUT_MONITOR}/budget`)).body.spent).toBeGreaterThan(0);

    // The experiment's results page has its three variations.
    const results = await call("GET", "/experiments/search-ranking-abc/results");
    expect(results.status).toBe(200);
    for (const variation of ["A", "B", "C"]) expect(JSON.stringify(results.body)).toContain(`"${variation}"`);

    // The guard pressed the back button: all to pool a, and no request went unanswered.
    const backs = (await call("GET", "/changes?action=traffic.back")).body.items;
    expect(backs[0].actor).toBe("guard");
    const web = (await call("GET", "/traffic/services/production/web")).body;
    expect(JSON.stringify(web)).toContain('"target":{"kind":"pool","pool":"a"}');
    expect(report.failedRequests).toBe(0);

    // The debt board (its default N = 30 days) lists the stale gate, from five weeks of traffic that evaluated it
    // to one variation, with its code reference.
    const debt = (await call("GET", "/debt?flag=instant-confirmation")).body;
    expect(debt.days).toBe(30);
    expect(debt.candidates).toHaveLength(1);
    expect(debt.candidates[0].findings).toContainEqual(
      expect.objectContaining({ reason: "one-variation-exposed", variation: "on" }),
    );
    expect(JSON.stringify(debt.candidates[0].references)).toContain("src/checkout/confirm.ts");

    // The support lookup of a guest whose booking failed shows exposures.
    const guest = report.lookedUpGuest ?? "";
    expect(guest).toMatch(/^guest-/);
    const lookup = await call("GET", `/customers/${guest}`);
    expect(lookup.status).toBe(200);
    expect(JSON.stringify(lookup.body)).toContain('"B"');
  }, 600_000);
});
