import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSqlTestApp, type SqlTestApp } from "../../packages/server/src/http/testing/create-sql-test-app.js";
import { rampFlag } from "../../packages/server/src/http/testing/create-test-app.js";
import { ensureDashboardBuilt, launchChromium, signedInPage } from "./dashboard-browser.js";

// The server runs in this process over a real PGlite config store with a clock the test moves: a flag is driven
// to full on, 31 days pass, and the real dashboard in Chromium shows it on the debt board and badges its page.
const DAY = 86_400_000;
const screenshots = fileURLToPath(new URL("../../docs/screenshots/", import.meta.url));
let t: SqlTestApp;
let base = "";
let browser: Browser;

async function call(
  method: "GET" | "POST" | "PUT",
  url: string,
  payload?: object,
  headers: Record<string, string> = {},
) {
  const answer = await t.call("admin", {
    method,
    url: `/api/v1${url}`,
    headers: { "x-change-reason": "debt demo", ...headers },
    ...(payload === undefined ? {} : { payload }),
  });
  expect(answer.statusCode, answer.body).toBeLessThan(300);
  return answer;
}

beforeAll(async () => {
  ensureDashboardBuilt();
  [t, browser] = await Promise.all([createSqlTestApp("pglite"), launchChromium()]);
  base = await t.app.listen({ host: "127.0.0.1", port: 0 });

  const { key: _, ...checkout } = rampFlag("new-checkout");
  await call("POST", "/flags", rampFlag("new-checkout"));
  await call("POST", "/flags", { ...rampFlag("search-v2"), owner: "team-search" });
  t.clock.advance(3 * DAY);
  const read = await call("GET", "/flags/new-checkout");
  // Full on everywhere: the default is on and production's ramp is at 100 %.
  await call(
    "PUT",
    "/flags/new-checkout",
    {
      ...checkout,
      defaultVariation: "on",
      environments: { production: { rules: [{ id: "rollout", kind: "ramp", serve: "on", percent: 100 }] } },
    },
    { "if-match": read.headers.etag ?? "" },
  );
  await call("POST", "/code-references", {
    repository: "git.example.com/acme/shop",
    branch: "main",
    commit: "64fd32f",
    urlTemplate: "https://git.example.com/acme/shop/blob/{commit}/{file}#L{line}",
    references: [
      {
        flag: "new-checkout",
        file: "src/checkout.ts",
        line: 7,
        kind: "call",
        via: "isOn",
        deadLines: { on: 4, off: 3 },
      },
      { flag: "new-checkout", file: "src/flag-keys.ts", line: 1, kind: "constant", via: "NEW_CHECKOUT" },
      {
        flag: "beta-banner",
        file: "src/banner.tsx",
        line: 4,
        kind: "call",
        via: "useFlag",
        deadLines: { on: 1, off: 1 },
      },
    ],
  });
  t.clock.advance(31 * DAY);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await t?.dispose();
}, 30_000);

describe("the debt board in Chromium", () => {
  it("lists the full-on flag with its references and lines, the dangling and orphan keys, and badges the flag page", async () => {
    const page = await signedInPage(browser, base, t.secrets.admin, "/flags");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Debt" }).click();
    const table = page.getByTestId("debt-table");
    await table.waitFor();

    const checkout = page.getByTestId("debt-new-checkout");
    expect(await checkout.textContent()).toContain("served on to everyone in every environment since");
    expect(await checkout.locator("td").first().textContent()).toBe("31 d");
    const link = checkout.getByRole("link", { name: "src/checkout.ts:7" });
    expect(await link.getAttribute("href")).toBe("https://git.example.com/acme/shop/blob/64fd32f/src/checkout.ts#L7");
    // Kept on, the off branch (4 lines) goes, plus the constant's line.
    expect(await checkout.locator("td").last().textContent()).toBe("5");
    expect(await page.getByTestId("debt-beta-banner").textContent()).toContain(
      "used in code, but no flag has this key",
    );
    expect(await page.getByTestId("debt-search-v2").textContent()).toContain(
      "defined, but no scanned repository uses it",
    );
    expect(await page.getByTestId("debt-weekly").locator("figcaption").textContent()).toMatch(/→ 3, growing/);
    mkdirSync(screenshots, { recursive: true });
    await page.screenshot({ path: `${screenshots}debt-board.png`, fullPage: true });

    await checkout.getByRole("link", { name: "new-checkout" }).click();
    const badge = page.getByTestId("debt-badge");
    await badge.waitFor();
    expect(await badge.textContent()).toBe("debt · 31 d · one-variation");
    await page.close();
  }, 120_000);
});
