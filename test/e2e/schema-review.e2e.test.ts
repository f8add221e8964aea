import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureDashboardBuilt, launchChromium, signedInPage } from "./dashboard-browser.js";
import { type ServeProcess, startServe, stopServe } from "./serve-process.js";

// A real `switchboard serve` and Chromium: a person pastes a MySQL migration on the schema review page, reads the
// findings on the lines they point at, and copies the gh-ost command for the large table.
const ADMIN = "sb_admin_schema-review-0123456789abcdef";
const screenshots = fileURLToPath(new URL("../../docs/screenshots/", import.meta.url));
let serve: ServeProcess;
let browser: Browser;
let dataDir: string;

beforeAll(async () => {
  ensureDashboardBuilt();
  dataDir = mkdtempSync(join(tmpdir(), "sb-schema-review-"));
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

const MIGRATION = [
  "-- switchboard-table orders rows=48000000 foreign-keys=0 triggers=0",
  "ALTER TABLE orders MODIFY note text NOT NULL;",
  "",
  "CREATE TABLE refunds (",
  "  id bigint NOT NULL AUTO_INCREMENT PRIMARY KEY,",
  "  order_id bigint NOT NULL,",
  "  amount double NOT NULL",
  ") DEFAULT CHARSET=utf8mb4;",
].join("\n");

describe("schema review page", () => {
  it("reviews a pasted migration, shows findings on their lines with the gh-ost command, and keeps the history", async () => {
    const page = await signedInPage(browser, serve.url, ADMIN, "/schema-reviews");
    await page.getByRole("heading", { name: "Schema reviews" }).waitFor();
    await page.getByRole("heading", { name: "No reviews yet" }).waitFor();
    await page.getByRole("combobox").selectOption("mysql");
    await page.getByPlaceholder("e.g. 16 or 8.0.35").fill("8.0.35");
    await page.getByLabel("Migration SQL").fill(MIGRATION);
    await page.getByRole("button", { name: "Review" }).click();

    const review = page.getByRole("article", { name: "Review" });
    await review.waitFor();
    const money = review.locator('[data-rule="float-for-money"]');
    await money.waitFor();
    // The money finding sits on the CREATE TABLE's first line (4), the copy finding on the ALTER's (2).
    expect(await review.locator("ol.review-sql > li").nth(3).locator('[data-rule="float-for-money"]').count()).toBe(1);
    expect(await review.locator("ol.review-sql > li").nth(1).locator('[data-rule="mysql-table-copy"]').count()).toBe(1);
    const ghost = review.getByTestId("ghost-command");
    expect(await ghost.textContent()).toContain("--table=orders --alter='MODIFY note text NOT NULL'");
    expect(await review.getByTestId("pt-osc-command").textContent()).toContain("D=$DATABASE,t=orders");

    await page.locator("table.review-history tbody tr").first().waitFor();
    expect(await page.locator("table.review-history tbody tr").count()).toBe(1);
    await page.screenshot({ path: join(screenshots, "schema-review.png"), fullPage: true });
    await page.close();
  });
});
