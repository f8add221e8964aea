import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureDashboardBuilt, launchChromium, signedInPage } from "./dashboard-browser.js";
import { api, type ServeProcess, startServe } from "./serve-process.js";

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
  serve?.child.kill("SIGTERM");
  await serve?.exited;
  rmSync(dataDir, { recursive: true, force: true });
});

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

  it("shows rule problems next to the editor as you type, with the API's paths and words", async () => {
    const page = await signedInPage(browser, serve.url, ADMIN, "/flags/new-checkout?env=production");
    await page
      .getByLabel("Rules (JSON, in order)")
      .fill('[{"id": "r1", "kind": "ramp", "serve": "on", "percent": 140}]');
    await expect.poll(() => page.getByTestId("rules-problems").textContent()).toContain("rules[0].percent");
    expect(await page.getByRole("button", { name: "Save rules" }).isDisabled()).toBe(true);
    await page.close();
  });
});
