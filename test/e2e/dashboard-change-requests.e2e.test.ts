import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSqlTestApp, type SqlTestApp } from "../../packages/server/src/http/testing/create-sql-test-app.js";
import { rampFlag } from "../../packages/server/src/http/testing/create-test-app.js";
import { ensureDashboardBuilt, launchChromium, signedInPage } from "./dashboard-browser.js";

// Production is protected: an editor's ramp there becomes a change request. In the real dashboard in Chromium the
// proposer sees it without approve buttons; a second editor sees the diff, approves, and the flag changes.
const screenshots = fileURLToPath(new URL("../../docs/screenshots/", import.meta.url));
let t: SqlTestApp;
let base = "";
let browser: Browser;
let approver = "";

beforeAll(async () => {
  ensureDashboardBuilt();
  [t, browser] = await Promise.all([
    createSqlTestApp("pglite", { changeRequestsIn: ["production"] }, { people: { grace: "editor" } }),
    launchChromium(),
  ]);
  base = await t.app.listen({ host: "127.0.0.1", port: 0 });
  approver = t.people["grace"] ?? "";
  const created = await t.call("admin", { method: "POST", url: "/api/v1/flags", payload: rampFlag("new-checkout") });
  expect(created.statusCode, created.body).toBe(201);
  const held = await t.call("editor", {
    method: "POST",
    url: "/api/v1/flags/new-checkout/environments/production/ramp",
    payload: { percent: 25, reason: "canary is clean for 24 h" },
  });
  expect(held.statusCode, held.body).toBe(202);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await t?.dispose();
}, 30_000);

describe("the change-request page in Chromium", () => {
  it("shows the proposer no approve button, shows the approver the diff, and applies on Approve", async () => {
    const own = await signedInPage(browser, base, t.secrets.editor, "/flags");
    await own.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Change requests" }).click();
    const mine = own.locator("article.change-request");
    await mine.waitFor();
    expect(await mine.textContent()).toContain("You proposed this; another person must approve it.");
    expect(await mine.getByRole("button", { name: "Approve" }).count()).toBe(0);
    await own.close();

    const page = await signedInPage(browser, base, approver, "/change-requests");
    const card = page.locator("article.change-request");
    await card.waitFor();
    expect(await card.locator("h2").textContent()).toContain("ramp new-checkout in production");
    expect(await card.textContent()).toContain("proposed by personal-editor");
    expect(await card.textContent()).toContain("canary is clean for 24 h");
    const row = card.getByTestId("diff-new-checkout").locator("tbody tr");
    expect(await row.count()).toBe(1);
    expect(await row.locator("th").textContent()).toBe("environments.production.rules[0].percent");
    expect(await row.locator(".diff-before").textContent()).toBe("5");
    expect(await row.locator(".diff-after").textContent()).toBe("25");
    mkdirSync(screenshots, { recursive: true });
    await page.screenshot({ path: `${screenshots}change-requests.png`, fullPage: true });

    await card.getByLabel("Decision reason").fill("dashboards look fine");
    await card.getByRole("button", { name: "Approve" }).click();
    await page.getByText("No pending change requests").waitFor();
    const flag = (await t.call("viewer", { method: "GET", url: "/api/v1/flags/new-checkout" })).json();
    expect(flag.body.environments.production.rules[0].percent).toBe(25);
    await page.getByLabel("Status").selectOption("applied");
    const applied = page.locator("article.change-request");
    await applied.waitFor();
    expect(await applied.textContent()).toContain("decided by grace");
    await page.close();
  }, 120_000);

  it("tells an editor on the flag page that a ramp in production became a change request", async () => {
    const page = await signedInPage(browser, base, t.secrets.editor, "/flags/new-checkout?env=production");
    await page.getByLabel("Ramp percent").fill("40");
    await page.getByRole("button", { name: "Ramp to 40%…" }).click();
    await page
      .getByRole("dialog")
      .getByLabel(/Reason/)
      .fill("next step");
    await page.getByRole("button", { name: "Ramp to 40%", exact: true }).click();
    const note = page.getByTestId("held-for-approval");
    await note.waitFor();
    expect(await note.textContent()).toMatch(/production is protected: your change is held as change request cr-/);
    expect(await page.getByTestId("env-state").textContent()).toContain("ramp 25%");
    await page.close();
  }, 120_000);

  it("shows a held segment change with its differences, under the segment's name", async () => {
    const segment = await t.call("admin", {
      method: "POST",
      url: "/api/v1/segments",
      payload: { name: "staff", condition: { plan: "gold" } },
    });
    expect(segment.statusCode, segment.body).toBe(201);
    const user = {
      ...rampFlag("staff-banner"),
      environments: { production: { rules: [{ id: "s", kind: "force", serve: "on", segments: ["staff"] }] } },
    };
    expect((await t.call("admin", { method: "POST", url: "/api/v1/flags", payload: user })).statusCode).toBe(201);
    const held = await t.call("editor", {
      method: "PUT",
      url: "/api/v1/segments/staff",
      headers: { "if-match": '"1"', "x-change-reason": "platinum only" },
      payload: { condition: { plan: "platinum" } },
    });
    expect(held.statusCode, held.body).toBe(202);
    const page = await signedInPage(browser, base, approver, "/change-requests");
    const card = page.locator("article.change-request", { hasText: "update segment staff" });
    await card.waitFor();
    expect(await card.locator("h3").first().textContent()).toContain("update segment staff");
    const row = card.getByTestId("diff-segment-staff").locator("tbody tr");
    expect(await row.locator("th").textContent()).toBe("condition.plan");
    expect(await row.locator(".diff-before").textContent()).toBe('"gold"');
    expect(await row.locator(".diff-after").textContent()).toBe('"platinum"');
    await page.close();
  }, 120_000);
});
