import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureDashboardBuilt, launchChromium, signedInPage } from "./dashboard-browser.js";
import { api, type ServeProcess, startServe, stopServe } from "./serve-process.js";

const ADMIN = "sb_admin_rule-editor-e2e-0123456789abcdef";
let serve: ServeProcess;
let browser: Browser;
let dataDir: string;

// Recent units: u-1 and u-5 are Japanese pro users, the only ones the edited `japan` rule will match.
const UNITS = [
  { unit: "u-1", country: "jp", plan: "pro" },
  { unit: "u-2", country: "jp", plan: "free" },
  { unit: "u-3", country: "de", plan: "pro" },
  { unit: "u-4", country: "de", plan: "free" },
  { unit: "u-5", country: "jp", plan: "pro" },
  { unit: "u-6", country: "us", plan: "free" },
];

beforeAll(async () => {
  ensureDashboardBuilt();
  dataDir = mkdtempSync(join(tmpdir(), "sb-rule-editor-"));
  [serve, browser] = await Promise.all([
    startServe({ dataDir, env: { SWITCHBOARD_ADMIN_TOKEN: ADMIN } }),
    launchChromium(),
  ]);
  const created = await api(serve.url, ADMIN, "POST", "/api/v1/flags", {
    key: "button-color",
    type: "string",
    variations: [
      { key: "control", value: "blue" },
      { key: "green", value: "green" },
      { key: "orange", value: "orange" },
    ],
    defaultVariation: "control",
    environments: {
      production: {
        rules: [
          {
            id: "abc",
            kind: "experiment",
            key: "button-abc",
            variations: ["control", "green", "orange"],
            weights: [0.34, 0.33, 0.33],
          },
          { id: "japan", kind: "force", condition: { country: "jp" }, serve: "orange" },
        ],
      },
    },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const segment = await api(serve.url, ADMIN, "POST", "/api/v1/segments", {
    name: "pro-users",
    condition: { plan: "pro" },
  });
  expect(segment.status, JSON.stringify(segment.body)).toBe(201);
  const now = Date.now();
  const events = UNITS.map((u, i) => ({
    type: "event",
    id: `rule-editor-${i}`,
    ts: new Date(now - (i + 1) * 1000).toISOString(),
    name: "request",
    unit: u.unit,
    fields: { country: u.country, plan: u.plan },
  }));
  expect((await api(serve.url, ADMIN, "POST", "/api/v1/events?environment=production", events)).status).toBe(200);
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await stopServe(serve);
  rmSync(dataDir, { recursive: true, force: true });
}, 20_000);

const editedCell = (page: Page, unit: string) =>
  page.locator(`[data-testid="rule-preview"] tr[data-unit="${unit}"] [data-testid="preview-edited"]`).textContent();

describe("the rule editor in a real browser", () => {
  it("edits conditions, weights and order without JSON, previews who gets what, and saves what was shown", async () => {
    const page = await signedInPage(browser, serve.url, ADMIN, "/flags/button-color?env=production");
    // Tall enough for both rule cards, so that the drag below needs no scrolling.
    await page.setViewportSize({ width: 1400, height: 2400 });
    const japan = page.getByRole("listitem", { name: "Rule japan" });
    const abc = page.getByRole("listitem", { name: "Rule abc" });
    await japan.waitFor();

    // Attributes seen in recent events are offered as suggestions.
    await expect
      .poll(() =>
        page
          .locator('[data-testid="attribute-suggestions"] option')
          .evaluateAll((o) => o.map((x) => x.getAttribute("value"))),
      )
      .toEqual(expect.arrayContaining(["id", "country", "plan"]));
    // The experiment comes first, so every sample unit is in it, Japanese or not.
    await expect.poll(() => editedCell(page, "u-1")).toContain("(rule abc)");

    await japan.getByRole("button", { name: "+ Add condition" }).click();
    const row = japan.getByRole("group", { name: "Condition 2" });
    await row.getByLabel("Attribute").fill("plan");
    expect(await japan.getByText("give a value").count()).toBe(1);
    expect(await page.getByRole("button", { name: "Save rules" }).isDisabled()).toBe(true);
    await row.getByLabel("Value").fill("pro");
    // A problem validation finds is shown on the rule it concerns, in the API's words.
    await japan.getByLabel("Rule id").fill("abc");
    const duplicate = page.getByRole("list", { name: "Problems of rule abc" });
    await expect.poll(() => duplicate.textContent()).toContain("duplicates the id of rules[0]");
    expect(await page.getByRole("button", { name: "Save rules" }).isDisabled()).toBe(true);
    await page.getByRole("listitem", { name: "Rule abc" }).nth(1).getByLabel("Rule id").fill("japan");
    await expect.poll(() => duplicate.count()).toBe(0);
    await japan.getByRole("checkbox", { name: "pro-users" }).check();

    const control = abc.getByLabel("Weight of control");
    await control.focus();
    await page.keyboard.press("Home");
    await expect.poll(() => abc.getByTestId("weight-green").textContent()).toBe("50%");
    for (let i = 0; i < 20; i++) await page.keyboard.press("ArrowRight");
    expect(await abc.getByTestId("weight-control").textContent()).toBe("20%");
    expect(await abc.getByTestId("weight-green").textContent()).toBe("40%");
    expect(await abc.getByTestId("weight-orange").textContent()).toBe("40%");
    expect(await abc.getByTestId("weights-total").textContent()).toBe("Total 100%");

    // Drag the japan rule above the experiment: Japanese pro users now get orange from it.
    await page.getByTestId("drag-japan").dragTo(abc, { targetPosition: { x: 60, y: 12 } });
    await expect.poll(() => page.locator(".rule-card").first().getAttribute("aria-label")).toBe("Rule japan");
    await expect.poll(() => editedCell(page, "u-1")).toContain("orange (rule japan)");
    expect(await editedCell(page, "u-5")).toContain("orange (rule japan)");
    expect(await editedCell(page, "u-2")).toContain("(rule abc)");
    // The keyboard does the same: down and back up.
    await page.getByRole("button", { name: "Move rule japan down" }).click();
    await expect.poll(() => page.locator(".rule-card").first().getAttribute("aria-label")).toBe("Rule abc");
    await page.getByRole("button", { name: "Move rule japan up" }).click();
    await expect.poll(() => page.locator(".rule-card").first().getAttribute("aria-label")).toBe("Rule japan");

    // The JSON view is the same rules, and the rule editor picks up from it.
    await page.getByRole("button", { name: "JSON (advanced)" }).click();
    const json = JSON.parse(await page.getByLabel("Rules (JSON, in order)").inputValue());
    expect(json.map((r: { id: string }) => r.id)).toEqual(["japan", "abc"]);
    await page.getByRole("button", { name: "Rule editor" }).click();
    await japan.waitFor();

    await page
      .getByRole("region", { name: "Rules in production" })
      .getByLabel("Reason")
      .fill("orange for Japanese pro users");
    await page.getByRole("button", { name: "Save rules" }).click();
    await expect
      .poll(async () => (await api(serve.url, ADMIN, "GET", "/api/v1/flags/button-color")).body.version)
      .toBe(2);
    const stored = (await api(serve.url, ADMIN, "GET", "/api/v1/flags/button-color")).body;
    const rules = stored.body.environments.production.rules;
    expect(rules.map((r: { id: string }) => r.id)).toEqual(["japan", "abc"]);
    expect(rules[0]).toMatchObject({
      kind: "force",
      condition: { country: "jp", plan: "pro" },
      segments: ["pro-users"],
      serve: "orange",
    });
    expect(rules[1]).toMatchObject({ kind: "experiment", key: "button-abc", weights: [0.2, 0.4, 0.4] });
    const change = await api(serve.url, ADMIN, "GET", "/api/v1/changes?subjectKey=button-color&limit=1&order=desc");
    expect(change.body.items[0]?.reason).toBe("orange for Japanese pro users");
    // After saving, the preview's "saved" column agrees with the edit.
    await expect.poll(() => page.locator('[data-testid="rule-preview"] tr.changed').count()).toBe(0);
    await page.close();
  });
});
