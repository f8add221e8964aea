import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureDashboardBuilt, launchChromium } from "./dashboard-browser.js";
import { api, type ServeProcess, startServe } from "./serve-process.js";

const ADMIN = "sb_admin_dashboard-load-0123456789abcdef";
const FLAGS = 5000;
let serve: ServeProcess;
let browser: Browser;
let dataDir: string;

beforeAll(async () => {
  ensureDashboardBuilt();
  dataDir = mkdtempSync(join(tmpdir(), "sb-dashboard-load-"));
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

describe("the flags page with 5,000 flags", () => {
  it("loads, renders only the rows in view, and filters; the first load time is printed", async () => {
    await seedFlags(FLAGS, 32);
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.addInitScript((token) => sessionStorage.setItem("switchboard.token", token), ADMIN);
    await page.goto(`${serve.url}/flags`);
    await page.waitForFunction(
      (n) => document.querySelector('[data-testid="flag-count"]')?.textContent === `${n} flags`,
      FLAGS,
      {
        polling: "raf",
        timeout: 30_000,
      },
    );
    const firstLoadMs = await page.evaluate(() => performance.now());
    const rows = await page.locator("tbody tr").count();
    console.log(
      `dashboard flags page first load with ${FLAGS} flags: ${firstLoadMs.toFixed(0)} ms (${rows} rows in the page)`,
    );
    expect(rows).toBeLessThan(100);

    await page.getByLabel("Search").fill("flag-04999");
    await expect.poll(() => page.getByTestId("flag-count").textContent()).toBe(`1 of ${FLAGS} flags`);
    await page.close();
  }, 600_000);
});

async function seedFlags(count: number, parallel: number): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      const key = `flag-${String(i).padStart(5, "0")}`;
      const body = {
        key,
        type: "boolean",
        defaultVariation: "off",
        owner: `team-${i % 12}`,
        tags: [`area-${i % 7}`],
        environments: {
          production: {
            enabled: i % 5 !== 0,
            rules: i % 3 === 0 ? [{ id: "rollout", kind: "ramp", serve: "on", percent: i % 100 }] : [],
          },
        },
      };
      const answer = await withRetry(() => api(serve.url, ADMIN, "POST", "/api/v1/flags", body));
      if (answer.status !== 201) throw new Error(`seeding ${key}: ${answer.status} ${JSON.stringify(answer.body)}`);
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
}

// A kept-alive connection the server closes as it is reused resets; the create did not happen, so retry it.
async function withRetry<T>(call: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (attempt >= 3) throw new Error(`${String(error)}; server output:\n${serve.output().slice(-3000)}`);
    }
  }
}
