/**
 * Writes docs/screenshots/rule-editor.png: the rule editor of a flag with an experiment and a targeted rule, with
 * the live preview over a few recent units. Run with `npx tsx scripts/screenshot-rule-editor.ts` after `npm run build`.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { ensureDashboardBuilt, launchChromium, signedInPage } from "../test/e2e/dashboard-browser.js";
import { api, startServe } from "../test/e2e/serve-process.js";

const ADMIN = "sb_admin_screenshots-0123456789abcdef";
const out = fileURLToPath(new URL("../docs/screenshots/rule-editor.png", import.meta.url));

ensureDashboardBuilt();
const dataDir = mkdtempSync(join(tmpdir(), "sb-screenshot-rules-"));
const serve = await startServe({ dataDir, env: { SWITCHBOARD_ADMIN_TOKEN: ADMIN } });
const browser = await launchChromium();
try {
  const call = (method: string, path: string, body?: unknown) => api(serve.url, ADMIN, method, `/api/v1${path}`, body);
  await call("POST", "/segments", { name: "staff", condition: { email: { $regex: "@switchboard\\.dev$" } } });
  await call("POST", "/segments", { name: "beta-testers", attribute: "id", ids: ["u-3", "u-8"] });
  await call("POST", "/flags", {
    key: "checkout-button-color",
    type: "string",
    owner: "team-growth",
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
            id: "abc-test",
            kind: "experiment",
            key: "checkout-button-abc",
            variations: ["control", "green", "orange"],
            weights: [0.5, 0.25, 0.25],
          },
          { id: "japan-pro", kind: "force", condition: { country: { $in: ["jp"] }, plan: "pro" }, serve: "orange" },
        ],
      },
    },
  });
  const countries = ["jp", "de", "us", "jp", "fr", "jp", "br", "de"];
  const now = Date.now();
  const events = countries.map((country, i) => ({
    type: "event",
    id: `shot-${i}`,
    ts: new Date(now - (i + 1) * 5000).toISOString(),
    name: "request",
    unit: `u-${i + 1}`,
    fields: { country, plan: i % 3 === 0 ? "pro" : "free", http: { route: "/checkout" } },
  }));
  await call("POST", "/events?environment=production", events);
  const page = await signedInPage(browser, serve.url, ADMIN, "/flags/checkout-button-color?env=production");
  await page.setViewportSize({ width: 1280, height: 900 });
  // An edit in progress: the targeted rule moved above the experiment, and the split changed.
  await page.getByRole("button", { name: "Move rule japan-pro up" }).click();
  await page.getByRole("listitem", { name: "Rule abc-test" }).getByLabel("Weight of control").focus();
  for (let i = 0; i < 10; i++) await page.keyboard.press("ArrowLeft");
  await page.locator('[data-testid="rule-preview"] tr.changed').first().waitFor();
  await page.locator('[data-testid="rule-preview"] tbody tr').first().waitFor();
  const card = page.getByRole("region", { name: "Rules in production" });
  await card.scrollIntoViewIfNeeded();
  await page.waitForTimeout(300);
  await card.screenshot({ path: out });
  console.log("docs/screenshots/rule-editor.png");
} finally {
  await browser.close();
  serve.child.kill("SIGTERM");
  await serve.exited;
  rmSync(dataDir, { recursive: true, force: true });
}
