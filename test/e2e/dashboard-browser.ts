import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { type Browser, chromium, type Page } from "playwright-core";

const root = fileURLToPath(new URL("../../", import.meta.url));

/** Builds the dashboard when `npm run build` has not (a test run straight after a checkout). */
export function ensureDashboardBuilt(): void {
  if (existsSync(`${root}packages/dashboard/dist/index.html`)) return;
  execFileSync(
    process.execPath,
    [
      `${root}node_modules/vite/bin/vite.js`,
      "build",
      "--config",
      "packages/dashboard/vite.config.ts",
      "--logLevel",
      "warn",
    ],
    {
      cwd: root,
      stdio: "inherit",
    },
  );
}

/** The system Chromium, headless; every launch starts from a fresh, throw-away profile. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env["SWITCHBOARD_CHROMIUM"] ?? "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** Opens `path` of the dashboard in a new page and signs in with `token`. */
export async function signedInPage(browser: Browser, base: string, token: string, path = "/flags"): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  // On a busy 2-core machine (a CI run with several servers and browsers at once) a first page load with its API
  // calls can outlast Playwright's 30 s default; the tests' own deadlines still bound every wait.
  page.setDefaultTimeout(60_000);
  await page.goto(`${base}${path}`);
  await page.getByLabel("Token").fill(token);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByTestId("who").waitFor();
  return page;
}
