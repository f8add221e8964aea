import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureDashboardBuilt, launchChromium, signedInPage } from "./dashboard-browser.js";
import { api, type ServeProcess, startServe, stopServe } from "./serve-process.js";

// What a newcomer meets in the dashboard on a fresh server: the first minutes of data, the first flags.
const ADMIN = "sb_admin_dashboard-first-run-0123456789abcdef";
const EVENTS = 240;
let serve: ServeProcess;
let browser: Browser;
let dataDir: string;
let seededFromMs = 0;
let seededToMs = 0;

beforeAll(async () => {
  ensureDashboardBuilt();
  dataDir = mkdtempSync(join(tmpdir(), "sb-dashboard-first-run-"));
  [serve, browser] = await Promise.all([
    startServe({ dataDir, env: { SWITCHBOARD_ADMIN_TOKEN: ADMIN } }),
    launchChromium(),
  ]);
  await seedEvents();
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await stopServe(serve);
  rmSync(dataDir, { recursive: true, force: true });
}, 20_000);

const call = (method: string, path: string, body?: unknown) => api(serve.url, ADMIN, method, `/api/v1${path}`, body);

async function createFlag(key: string, production: unknown, extra: Record<string, unknown> = {}): Promise<void> {
  const answer = await call("POST", "/flags", {
    key,
    type: "boolean",
    defaultVariation: "off",
    environments: { production },
    ...extra,
  });
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
}

describe("serve me", () => {
  it("asks for the person's unit id instead of offering the token's name, and remembers it in this browser", async () => {
    await createFlag("serve-me-a", { enabled: true, rules: [] });
    await createFlag("serve-me-b", { enabled: true, rules: [] });
    const page = await signedInPage(browser, serve.url, ADMIN, "/flags/serve-me-a?env=production");
    const unit = page.getByLabel(/Your unit id/);
    expect(await unit.inputValue()).toBe("");
    await unit.fill("user-42");
    await page.getByRole("button", { name: "Serve me" }).click();
    await expect
      .poll(async () => JSON.stringify((await call("GET", "/flags/serve-me-a")).body.body.environments.production))
      .toContain('"user-42"');
    // Another flag, later, in the same browser: the id is already there, and still editable.
    await page.goto(`${serve.url}/flags/serve-me-b?env=production`);
    await expect.poll(() => page.getByLabel(/Your unit id/).inputValue()).toBe("user-42");
    await page.getByLabel(/Your unit id/).fill("user-43");
    await page.getByRole("button", { name: "Serve me" }).click();
    await expect
      .poll(async () => JSON.stringify((await call("GET", "/flags/serve-me-b")).body.body.environments.production))
      .toContain('"user-43"');
    await page.reload();
    await expect.poll(() => page.getByLabel(/Your unit id/).inputValue()).toBe("user-43");
    await page.close();
  });
});

describe("the timeline", () => {
  it("opens on the range where the data is, not on a day with the data as a sliver at its edge", async () => {
    const page = await signedInPage(browser, serve.url, ADMIN, "/timeline");
    const charts = page.getByTestId("charts");
    await charts.waitFor({ timeout: 15_000 });
    const fromMs = Date.parse((await charts.getAttribute("data-from")) ?? "");
    const toMs = Date.parse((await charts.getAttribute("data-to")) ?? "");
    expect(fromMs).toBeLessThanOrEqual(seededFromMs);
    expect(toMs).toBeGreaterThanOrEqual(seededToMs);
    // The seeded events span 40 minutes: they fill most of the chart.
    expect((seededToMs - seededFromMs) / (toMs - fromMs)).toBeGreaterThan(0.6);
    await page.close();
  });

  it("offers the event names actually seen for the business chart, and picks one that has data", async () => {
    const page = await signedInPage(browser, serve.url, ADMIN, "/timeline");
    const picker = page.getByLabel("Business event");
    await expect.poll(() => picker.inputValue(), { timeout: 15_000 }).toBe("signup");
    const options = await picker.locator("option").allTextContents();
    expect(options).toEqual(expect.arrayContaining(["signup", "request"]));
    expect(options).not.toContain("booking");
    await page.getByRole("img", { name: /signup events over time/ }).waitFor();
    await picker.selectOption("request");
    await page.getByRole("img", { name: /request events over time/ }).waitFor();
    await page.close();
  });

  it("groups quick successive changes into one marker with their count, listing them on hover", async () => {
    await createFlag("quick-ramps", {
      enabled: true,
      rules: [{ id: "rollout", kind: "ramp", serve: "on", percent: 5 }],
    });
    for (const percent of [10, 20, 30]) {
      const answer = await call("POST", "/flags/quick-ramps/environments/production/ramp", { percent });
      expect(answer.status).toBe(200);
    }
    const page = await signedInPage(browser, serve.url, ADMIN, "/timeline?last=1h");
    await page.locator('[data-testid="marker-list"] li').first().waitFor({ timeout: 15_000 });
    const over = page.locator(".u-over").first();
    const box = await over.boundingBox();
    if (box === null) throw new Error("no chart");
    let tip = "";
    for (let x = box.x + box.width - 1; x > box.x + box.width - 160 && !tip.includes("quick-ramps"); x -= 2) {
      await page.mouse.move(x, box.y + box.height / 2);
      tip =
        (await page.getByTestId("marker-tip").count()) > 0
          ? ((await page.getByTestId("marker-tip").textContent()) ?? "")
          : "";
    }
    expect(tip).toMatch(/\b[4-9]\d* changes|\b3 changes/);
    expect(tip.match(/quick-ramps/g)?.length ?? 0).toBeGreaterThanOrEqual(3);
    await page.close();
  });
});

describe("the explorer", () => {
  it("keeps a ratio aggregate as ratio, with its per field, and runs it", async () => {
    const q = {
      kind: "aggregate",
      last: "1h",
      aggregates: [{ fn: "ratio", field: "spans.sql.ms", per: "spans.sql.count" }],
    };
    const page = await signedInPage(
      browser,
      serve.url,
      ADMIN,
      `/explorer?run=1&q=${encodeURIComponent(JSON.stringify(q))}`,
    );
    await expect.poll(() => page.getByLabel("Function").first().inputValue()).toBe("ratio");
    expect(await page.getByLabel(/^Per/).first().inputValue()).toBe("spans.sql.count");
    await expect
      .poll(() => page.getByTestId("results").textContent(), { timeout: 15_000 })
      .toContain("sum(spans.sql.ms)/sum(spans.sql.count)");
    // Built from the form: choose ratio, name both fields.
    await page.getByLabel("Function").first().selectOption("count");
    await page.getByLabel("Function").first().selectOption("ratio");
    await page.getByLabel("Field").first().fill("spans.sql.ms");
    await page.getByLabel(/^Per/).first().fill("spans.sql.count");
    expect(await page.getByTestId("query-json").textContent()).toContain('"per": "spans.sql.count"');
    await page.close();
  });

  it("pages through the events behind a row with a visible next page", async () => {
    const page = await signedInPage(browser, serve.url, ADMIN, "/explorer");
    await page.getByRole("button", { name: "Run query" }).click();
    await page.getByRole("button", { name: "Show events" }).first().click({ timeout: 15_000 });
    const firstId = () => page.locator('[data-testid="results"] tbody tr td').first().textContent();
    await expect.poll(() => page.locator('[data-testid="results"] th').first().textContent()).toBe("id");
    const before = await firstId();
    const next = page.getByRole("button", { name: "Next page" });
    await next.click();
    await expect.poll(firstId).not.toBe(before);
    expect(await page.getByTestId("page-number").textContent()).toContain("2");
    await page.close();
  });
});

describe("the flags list", () => {
  it("shows rule summaries in full or on hover, a 100% ramp as full, and environments in the configured order", async () => {
    for (const name of ["staff", "beta-testers-in-japan", "internal-staff-accounts"]) {
      const segment = await call("POST", "/segments", { name, attribute: "id", ids: ["u1"] });
      expect(segment.status, JSON.stringify(segment.body)).toBe(201);
    }
    await createFlag("long-summary", {
      enabled: true,
      rules: [{ id: "t", kind: "force", serve: "on", condition: { country: "jp" }, segments: ["staff"] }],
    });
    await createFlag("very-long-summary", {
      enabled: true,
      rules: [
        {
          id: "t",
          kind: "force",
          serve: "on",
          condition: { "fields.user.country": "jp", "fields.user.plan": "enterprise-annual" },
          segments: ["beta-testers-in-japan", "internal-staff-accounts"],
        },
      ],
    });
    await createFlag("full-ramp", { enabled: true, rules: [{ id: "r", kind: "ramp", serve: "on", percent: 100 }] });
    const page = await signedInPage(browser, serve.url, ADMIN, "/flags");
    await page.getByTestId("flag-count").waitFor();

    const headers = await page.locator(".flag-row.head th").allTextContents();
    expect(headers.slice(2, 5)).toEqual(["development", "staging", "production"]);

    const cell = (key: string) =>
      page
        .locator(".flag-row", { has: page.getByRole("link", { name: key, exact: true }) })
        .locator("td")
        .nth(4);
    const short = cell("long-summary");
    expect(await short.textContent()).toContain('force on to country="jp", segment staff');
    const fits = await short.evaluate((td) => {
      const text = td.querySelector(".state-text") ?? td;
      return text.scrollWidth <= text.clientWidth + 1 && text.scrollHeight <= text.clientHeight + 1;
    });
    expect(fits).toBe(true);
    const long = cell("very-long-summary");
    await long.hover();
    const tip = long.getByRole("tooltip");
    await expect.poll(() => tip.isVisible()).toBe(true);
    expect(await tip.textContent()).toContain("segment internal-staff-accounts");

    const full = cell("full-ramp");
    expect(await full.getAttribute("class")).toContain("state-full");
    expect(await full.textContent()).not.toContain("ramp");
    await page.close();
  });

  it("lists a flag's environment tabs in the configured order", async () => {
    const page = await signedInPage(browser, serve.url, ADMIN, "/flags/full-ramp");
    await page.getByRole("tab").first().waitFor();
    expect(await page.getByRole("tab").allTextContents()).toEqual(["development", "staging", "production"]);
    await page.close();
  });
});

describe("the page furniture", () => {
  it("has a favicon the server actually serves", async () => {
    const page = await signedInPage(browser, serve.url, ADMIN, "/flags");
    const href = await page.evaluate(() => document.querySelector<HTMLLinkElement>('link[rel~="icon"]')?.href ?? null);
    expect(href).not.toBeNull();
    const icon = await fetch(href ?? "");
    expect(icon.status).toBe(200);
    expect(icon.headers.get("content-type")).toContain("image/svg+xml");
    expect(await icon.text()).toContain("<svg");
    // The browser shows it too: an SVG it can decode.
    const decoded = await page.evaluate(async (url) => {
      const image = new Image();
      image.src = url;
      await image.decode();
      return image.naturalWidth > 0;
    }, href ?? "");
    expect(decoded).toBe(true);
    await page.close();
  });

  it("keeps the kill dialog's confirmation label on one line", async () => {
    await createFlag("kill-layout", { enabled: true, rules: [] });
    const page = await signedInPage(browser, serve.url, ADMIN, "/flags/kill-layout?env=production");
    await page.getByRole("button", { name: "Kill switch…" }).click();
    const input = page.getByLabel(/Type kill-layout to confirm/);
    await input.waitFor();
    const lines = await input.evaluate((element) => {
      const label = element.closest("label");
      const code = label?.querySelector("code");
      if (!label || !code || !label.firstChild) return -1;
      const range = document.createRange();
      range.setStartBefore(label.firstChild);
      range.setEndBefore(element);
      return range.getBoundingClientRect().height / code.getBoundingClientRect().height;
    });
    expect(lines).toBeGreaterThan(0);
    expect(lines).toBeLessThan(1.6);
    await page.close();
  });
});

describe("experiments on the flag page", () => {
  it("shows the experiment's hypothesis, metrics and guardrails next to its rule", async () => {
    const meta = {
      name: "checkout-button-abc",
      hypothesis: "A warmer pay button raises checkout conversion without more refunds.",
      owner: "team-growth",
      metrics: ["checkout_conversion", "revenue_per_visitor"],
      guardrails: ["refund_rate", "payment_errors"],
      autoDisable: { guardrail: "payment_errors", threshold: 0.02 },
    };
    expect((await call("POST", "/experiments", meta)).status).toBe(201);
    await createFlag(
      "checkout-button",
      {
        enabled: true,
        rules: [{ id: "abc", kind: "experiment", key: "checkout-button-abc", variations: ["a", "b"] }],
      },
      {
        type: "string",
        variations: [
          { key: "a", value: "blue" },
          { key: "b", value: "orange" },
        ],
        defaultVariation: "a",
      },
    );
    const page = await signedInPage(browser, serve.url, ADMIN, "/flags/checkout-button?env=production");
    const card = page.getByRole("region", { name: /Experiment checkout-button-abc/ });
    await expect.poll(() => card.textContent(), { timeout: 15_000 }).toContain(meta.hypothesis);
    const text = (await card.textContent()) ?? "";
    expect(text).toContain("checkout_conversion");
    expect(text).toContain("revenue_per_visitor");
    expect(text).toContain("refund_rate");
    expect(text).toContain("payment_errors");
    expect(text).toContain("team-growth");
    expect(text).toMatch(/primary/i);
    await page.close();
  });

  it("opens the exposures chart on the range where the flag's exposures are", async () => {
    const page = await signedInPage(browser, serve.url, ADMIN, "/flags/checkout-button?env=production");
    const chart = page.getByTestId("exposures-chart");
    await chart.waitFor({ timeout: 15_000 });
    const fromMs = Date.parse((await chart.getAttribute("data-from")) ?? "");
    const toMs = Date.parse((await chart.getAttribute("data-to")) ?? "");
    expect(fromMs).toBeLessThanOrEqual(seededFromMs);
    expect(toMs).toBeGreaterThanOrEqual(seededToMs);
    expect((seededToMs - seededFromMs) / (toMs - fromMs)).toBeGreaterThan(0.6);
    await page.close();
  });
});

async function seedEvents(): Promise<void> {
  // 40 minutes of fresh events, the newest a minute old: what a newcomer has after the first requests.
  const now = Date.now();
  seededToMs = now - 60_000;
  seededFromMs = seededToMs - 40 * 60_000;
  const step = (seededToMs - seededFromMs) / (EVENTS - 1);
  const events = Array.from({ length: EVENTS }, (_, i) => ({
    type: "event",
    id: `first-run-${String(i).padStart(4, "0")}`,
    ts: new Date(seededFromMs + Math.round(i * step)).toISOString(),
    name: i % 8 === 0 ? "signup" : "request",
    durationMs: 20 + (i % 40),
    status: i % 30 === 0 ? 500 : 200,
    spans: { sql: { ms: 4 + (i % 5), count: 2 } },
    fields: { http: { route: "/checkout" } },
  }));
  seededFromMs = Date.parse(events[0]?.ts ?? "");
  seededToMs = Date.parse(events.at(-1)?.ts ?? "");
  // Every fourth request's unit is exposed to a variation of the experiment the flag page shows.
  const exposures = events
    .filter((_, i) => i % 4 === 0)
    .map((event, k) => ({
      type: "exposure",
      id: `x-${event.id}`,
      ts: event.ts,
      unit: `user-${k % 30}`,
      hashAttribute: "id",
      flag: "checkout-button",
      variation: k % 2 === 0 ? "a" : "b",
      ruleId: "abc",
    }));
  const answer = await call("POST", "/events?environment=production", [...events, ...exposures]);
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
}
