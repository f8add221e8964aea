/**
 * Writes docs/screenshots/*.png: each dashboard page of a freshly started server with a little demo data.
 * Run with `npx tsx scripts/screenshots.ts` after `npm run build`.
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { ensureDashboardBuilt, launchChromium, signedInPage } from "../test/e2e/dashboard-browser.js";
import { api, startServe } from "../test/e2e/serve-process.js";

const ADMIN = "sb_admin_screenshots-0123456789abcdef";
const out = fileURLToPath(new URL("../docs/screenshots/", import.meta.url));

ensureDashboardBuilt();
mkdirSync(out, { recursive: true });
const dataDir = mkdtempSync(join(tmpdir(), "sb-screenshots-"));
const serve = await startServe({ dataDir, env: { SWITCHBOARD_ADMIN_TOKEN: ADMIN } });
const browser = await launchChromium();
try {
  await seed(serve.url);
  const shots: [string, string, string][] = [
    ["flags", "/flags", "flag-count"],
    ["flag-detail", "/flags/new-checkout?env=production", "exposures-chart"],
    ["timeline", "/timeline", "marker-list"],
    [
      "explorer",
      `/explorer?run=1&q=${encodeURIComponent(JSON.stringify({ kind: "aggregate", last: "6h", groupBy: ["assignments.new-checkout"], aggregates: [{ fn: "count" }, { fn: "p95", field: "durationMs" }] }))}`,
      "results",
    ],
    ["traffic", "/traffic", "traffic-history"],
  ];
  const signIn = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  await signIn.goto(`${serve.url}/`);
  await signIn.getByLabel("Token").waitFor();
  await signIn.screenshot({ path: join(out, "sign-in.png") });
  for (const [name, path, ready] of shots) {
    const page = await signedInPage(browser, serve.url, ADMIN, path);
    await page.getByTestId(ready).waitFor();
    await page.waitForTimeout(400);
    await page.screenshot({ path: join(out, `${name}.png`), fullPage: name !== "flags" });
    await page.close();
    console.log(`docs/screenshots/${name}.png`);
  }
} finally {
  await browser.close();
  serve.child.kill("SIGTERM");
  await serve.exited;
  rmSync(dataDir, { recursive: true, force: true });
}

async function seed(base: string): Promise<void> {
  const call = (method: string, path: string, body?: unknown) => api(base, ADMIN, method, `/api/v1${path}`, body);
  const owners = ["payments", "search", "growth", "platform"];
  for (let i = 0; i < 60; i++) {
    const percent = [0, 5, 25, 50, 100][i % 5] ?? 0;
    await call("POST", "/flags", {
      key: `${["checkout", "search", "onboarding", "pricing"][i % 4]}-${["v2", "redesign", "fast-path", "beta"][i % 3]}-${i}`,
      type: "boolean",
      defaultVariation: "off",
      owner: owners[i % 4],
      tags: [["q3", "experiment", "ops"][i % 3] ?? "q3"],
      environments: {
        production: {
          enabled: i % 7 !== 0,
          rules: percent === 0 ? [] : [{ id: "rollout", kind: "ramp", serve: "on", percent }],
        },
        staging: { enabled: true, rules: [{ id: "all", kind: "force", serve: "on" }] },
      },
    });
  }
  await call("POST", "/flags", {
    key: "new-checkout",
    owner: "payments",
    type: "boolean",
    defaultVariation: "off",
    description: "The one-page checkout",
    environments: { production: { enabled: true, rules: [{ id: "rollout", kind: "ramp", serve: "on", percent: 5 }] } },
  });
  const now = Date.now();
  const events = Array.from({ length: 3000 }, (_, i) => {
    const late = i > 2000;
    return {
      type: "event",
      id: `shot-${i}`,
      ts: new Date(now - (3000 - i) * 7000).toISOString(),
      name: i % 9 === 0 ? "booking" : "request",
      durationMs: 30 + ((i * 37) % 60) + (late && i % 2 === 0 ? 120 : 0),
      status: (late && i % 2 === 0 && i % 11 === 0) || i % 97 === 0 ? 500 : 200,
      release: late ? "bbb2222" : "aaa1111",
      assignments: { "new-checkout": late && i % 2 === 0 ? "on" : "off" },
      fields: { http: { route: ["/search", "/checkout", "/home"][i % 3] } },
    };
  });
  const exposures = events
    .filter((_, i) => i % 3 === 0)
    .map((event, k) => ({
      type: "exposure",
      id: `x-${event.id}`,
      ts: event.ts,
      unit: `user-${k % 60}`,
      hashAttribute: "id",
      flag: "new-checkout",
      variation: event.assignments["new-checkout"],
      ruleId: "rollout",
    }));
  await call("POST", "/events?environment=production", [...events, ...exposures]);
  await call("POST", "/releases", {
    sha: "bbb2222",
    environment: "production",
    deployedAt: new Date(now - 1000 * 7000).toISOString(),
  });
  await call("POST", "/flags/new-checkout/environments/production/ramp", { percent: 50, reason: "no errors at 5%" });
  await call("POST", "/flags/new-checkout/environments/production/kill", {
    reason: "p95 doubled for the on variation",
  });
  await call("POST", "/traffic/services", {
    name: "web",
    environment: "production",
    pools: [
      { name: "a", release: "aaa1111", backends: ["10.0.0.1:8080"] },
      { name: "b", release: "bbb2222", backends: ["10.0.0.2:8080"] },
    ],
    dataPlane: { kind: "none" },
  });
  await call("POST", "/traffic/services/production/web/ramp", {
    weights: { a: 90, b: 10 },
    reason: "canary",
  });
}
