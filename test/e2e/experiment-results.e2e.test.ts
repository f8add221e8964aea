import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureDashboardBuilt, launchChromium, signedInPage } from "./dashboard-browser.js";
import { api, type ServeProcess, startServe, stopServe } from "./serve-process.js";

// A synthetic experiment sent through the public ingest API of a real `switchboard serve`, with known effects:
// conversion 20% in "off" and 30% in "on" (a real lift), requests 30% slower in "on" (the latency guardrail, 5%
// tolerance, regresses), SQL per execution from span totals, and exposures split 60/40 against 50/50 weights (SRM).

const ADMIN = "sb_admin_experiment-e2e-0123456789abcdef";
const UNITS = 2000;
const screenshots = fileURLToPath(new URL("../../docs/screenshots/", import.meta.url));
let serve: ServeProcess;
let browser: Browser;
let dataDir: string;

function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const call = (method: string, path: string, body?: unknown) => api(serve.url, ADMIN, method, `/api/v1${path}`, body);

async function ok(method: string, path: string, body?: unknown) {
  const answer = await call(method, path, body);
  expect(answer.status, JSON.stringify(answer.body)).toBeLessThan(300);
  return answer;
}

function syntheticItems(start: number): unknown[] {
  const random = lcg(7);
  const items: unknown[] = [];
  const iso = (ms: number) => new Date(ms).toISOString();
  for (let i = 0; i < UNITS; i++) {
    const unit = `user-${i}`;
    const variation = i % 5 < 3 ? "off" : "on";
    const at = start + i;
    items.push({
      type: "exposure",
      id: `x-${unit}`,
      ts: iso(at),
      unit,
      hashAttribute: "id",
      flag: "checkout",
      variation,
      ruleId: "split",
      experiment: "checkout-exp",
      inExperiment: true,
    });
    const sqlCount = 1 + Math.floor(random() * 4);
    items.push({
      type: "event",
      id: `rq-${unit}`,
      ts: iso(at + 50),
      name: "request",
      unit,
      durationMs: (100 + random() * 40) * (variation === "on" ? 1.3 : 1),
      assignments: { checkout: variation },
      spans: { sql: { ms: sqlCount * (variation === "on" ? 6 : 5) * (0.8 + 0.4 * random()), count: sqlCount } },
    });
    if (random() < (variation === "on" ? 0.3 : 0.2)) {
      items.push({
        type: "event",
        id: `co-${unit}`,
        ts: iso(at + 80),
        name: "checkout",
        unit,
        assignments: { checkout: variation },
      });
    }
  }
  return items;
}

beforeAll(async () => {
  ensureDashboardBuilt();
  dataDir = mkdtempSync(join(tmpdir(), "sb-experiment-"));
  [serve, browser] = await Promise.all([
    startServe({ dataDir, env: { SWITCHBOARD_ADMIN_TOKEN: ADMIN } }),
    launchChromium(),
  ]);
  await ok("POST", "/metrics", {
    name: "conversion",
    kind: "proportion",
    description: "Units that booked",
    where: [{ field: "name", op: "=", value: "checkout" }],
  });
  await ok("POST", "/metrics", {
    name: "latency",
    kind: "mean",
    aggregate: "sum",
    field: "durationMs",
    direction: "lower",
    tolerance: 0.05,
    where: [{ field: "name", op: "=", value: "request" }],
  });
  await ok("POST", "/metrics", {
    name: "sql-ms",
    kind: "ratio",
    direction: "lower",
    numerator: { aggregate: "sum", field: "spans.sql.ms" },
    denominator: { aggregate: "sum", field: "spans.sql.count" },
  });
  await ok("POST", "/experiments", {
    name: "checkout-exp",
    hypothesis: "The one-page checkout converts better.",
    metrics: ["conversion"],
    secondaryMetrics: ["sql-ms"],
    guardrails: ["latency"],
  });
  await ok("POST", "/flags", {
    key: "checkout",
    type: "boolean",
    defaultVariation: "off",
    environments: {
      production: {
        rules: [
          { id: "split", kind: "experiment", key: "checkout-exp", variations: ["off", "on"], weights: [0.5, 0.5] },
        ],
      },
    },
  });
  // The phase starts at the activation just made; everything is sent in the few seconds after it.
  const start = Date.now() + 1000;
  const items = syntheticItems(start);
  for (let i = 0; i < items.length; i += 1000)
    await ok("POST", "/events?environment=production", items.slice(i, i + 1000));
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, start + UNITS + 500 - Date.now())));
  // Ingested batches are acknowledged once durable; wait until the results read all of them.
  const deadline = Date.now() + 30_000;
  let total = 0;
  while (total !== UNITS && Date.now() < deadline) {
    total = (await call("GET", "/experiments/checkout-exp/results")).body?.units?.total ?? 0;
    if (total !== UNITS) await new Promise((resolve) => setTimeout(resolve, 250));
  }
  expect(total).toBe(UNITS);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await stopServe(serve);
  rmSync(dataDir, { recursive: true, force: true });
}, 20_000);

/** The x of an SVG element's attribute inside a metric's treatment row. */
async function barX(page: Page, metric: string, testId: string, attribute: string): Promise<number> {
  const value = await page
    .getByTestId(`metric-${metric}`)
    .locator('[data-testid="result-row"][data-variation="on"]')
    .getByTestId(testId)
    .getAttribute(attribute);
  return Number(value);
}

describe("the experiment page in a real browser", () => {
  it("is reached from the flag page and shows the table, the interval bars, the guardrail and the SRM banner", async () => {
    const page = await signedInPage(browser, serve.url, ADMIN, "/flags/checkout?env=production");
    page.setDefaultTimeout(20_000);
    await page.getByRole("link", { name: "Results of checkout-exp" }).click();
    await page.getByRole("heading", { name: "checkout-exp" }).waitFor();
    await page.getByTestId("metric-conversion").waitFor();

    const banner = page.getByTestId("srm-banner");
    expect(await banner.isVisible()).toBe(true);
    const bannerText = (await banner.textContent()) ?? "";
    expect(bannerText).toContain("Sample ratio mismatch");
    expect(bannerText).toContain("every result below is suspect");
    expect(bannerText).toMatch(/off\s*1,000\s*1,200/);
    expect(await banner.evaluate((el) => getComputedStyle(el).borderTopColor)).toBe("rgb(179, 38, 30)");

    const conversion = page.getByTestId("metric-conversion");
    const rows = conversion.getByTestId("result-row");
    expect(await rows.count()).toBe(2);
    const control = await rows.nth(0).innerText();
    expect(control).toMatch(/off\s+1,200\s+\d+\.\d%/);
    expect(control).toContain("control");
    const treatment = await rows.nth(1).innerText();
    expect(treatment).toMatch(/^on\s+800\s+\d+\.\d%\s+\+\d+\.\d+ pp\s+\+\d+(\.\d+)?% \[\+/);
    expect(await rows.nth(1).getByTestId("verdict").innerText()).toMatch(/^▲ better/);

    // The conversion interval lies right of zero; the latency interval right of its tolerance (5% worse).
    const zero = await barX(page, "conversion", "zero-line", "x1");
    expect(await barX(page, "conversion", "interval", "x")).toBeGreaterThan(zero);
    const latencyZero = await barX(page, "latency", "zero-line", "x1");
    const tolerance = await barX(page, "latency", "tolerance-line", "x1");
    expect(tolerance).toBeGreaterThan(latencyZero);
    expect(await barX(page, "latency", "interval", "x")).toBeGreaterThan(tolerance);
    expect(await page.getByTestId("metric-conversion").getByTestId("tolerance-line").count()).toBe(0);
    expect(
      await page.getByTestId("metric-latency").locator('[data-variation="on"]').getByTestId("verdict").innerText(),
    ).toMatch(/^▼ worse/);

    // Latency is a time metric: its change is also stated as CPU time per day at the observed traffic.
    expect(
      await page.getByTestId("metric-latency").locator('[data-variation="on"]').getByTestId("cost-per-day").innerText(),
    ).toMatch(/^\+[\d.,]+ CPU-(h|s)\/day$/);

    const guardrails = page.getByTestId("guardrails");
    expect(await guardrails.locator('li[data-verdict="breached"]').innerText()).toMatch(
      /✖ breached\s+on: latency \+\d+(\.\d+)?% \[/,
    );
    expect(await page.getByTestId("summary").textContent()).toMatch(/conversion/);

    await page.screenshot({ path: join(screenshots, "experiment.png"), fullPage: true });

    // Every number leads to the raw records: the treatment's unit count opens its exposure records in the explorer.
    await rows.nth(1).getByRole("link", { name: "800", exact: true }).click();
    await page.getByRole("heading", { name: "Event explorer" }).waitFor();
    const opened = JSON.parse(new URL(page.url()).searchParams.get("q") ?? "{}");
    expect(opened).toMatchObject({ kind: "events", source: "exposures" });
    await expect.poll(() => page.getByTestId("results").textContent(), { timeout: 20_000 }).toContain("user-");
    await page.close();
  }, 90_000);

  it("maps the method selector to the API query and shows the chance to win", async () => {
    const page = await signedInPage(browser, serve.url, ADMIN, "/experiments/checkout-exp?env=production");
    await page.getByTestId("metric-conversion").waitFor();
    await page.getByLabel("Method").selectOption("bayesian");
    await expect.poll(() => new URL(page.url()).searchParams.get("method")).toBe("bayesian");
    await page.getByRole("columnheader", { name: "Chance to win" }).first().waitFor();
    const cell = await page.getByTestId("metric-conversion").getByTestId("result-row").nth(1).innerText();
    expect(cell).toMatch(/> 99\.9%|\d+\.\d%/);
    await page.close();
  });

  it("says what is missing, with the counts, for an experiment without exposures", async () => {
    await ok("POST", "/experiments", { name: "empty-exp", metrics: ["conversion"] });
    await ok("POST", "/flags", {
      key: "empty-flag",
      type: "boolean",
      defaultVariation: "off",
      environments: {
        production: { rules: [{ id: "split", kind: "experiment", key: "empty-exp", variations: ["off", "on"] }] },
      },
    });
    const page = await signedInPage(browser, serve.url, ADMIN, "/experiments/empty-exp?env=production");
    await page.getByRole("heading", { name: "No exposures yet" }).waitFor();
    expect(await page.getByTestId("not-enough-data").textContent()).toMatch(
      /Not enough data: no exposed units in phase 1/,
    );
    expect(await page.getByTestId("srm-banner").count()).toBe(0);
    await page.close();
  });
});
