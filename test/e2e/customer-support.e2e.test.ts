import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { CustomerLookup, CustomerPreviewGrant } from "@switchboard/core";
import { createClient, createPreviewResolver, type OverridableClient } from "@switchboard/sdk";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureDashboardBuilt, launchChromium, signedInPage } from "./dashboard-browser.js";
import { api, type ServeProcess, startServe, stopServe } from "./serve-process.js";

// The customer-support view end to end on a real `switchboard serve`: a unit's events and exposures go in through
// the public ingest API, a `support` token reads what it sees now and what it saw and can change nothing, and a
// preview token makes a real SDK client serve the customer's variations until it expires or is revoked.

const ADMIN = "sb_admin_customer-support-e2e-0123456789";
const UNIT = "u-42";
const AGENT = { id: "agent-7", country: "us" };
const screenshots = fileURLToPath(new URL("../../docs/screenshots/", import.meta.url));
let serve: ServeProcess;
let browser: Browser;
let dataDir: string;
let support: string;
let serverKey: string;
let client: OverridableClient;

const asAdmin = (method: string, path: string, body?: unknown) => api(serve.url, ADMIN, method, `/api/v1${path}`, body);
const asSupport = (method: string, path: string, body?: unknown) =>
  api(serve.url, support, method, `/api/v1${path}`, body);

async function ok<T = unknown>(answer: Promise<{ status: number; body: T }>): Promise<T> {
  const { status, body } = await answer;
  expect(status, JSON.stringify(body)).toBeLessThan(300);
  return body;
}

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

beforeAll(async () => {
  ensureDashboardBuilt();
  dataDir = mkdtempSync(join(tmpdir(), "sb-customers-"));
  [serve, browser] = await Promise.all([
    startServe({ dataDir, env: { SWITCHBOARD_ADMIN_TOKEN: ADMIN } }),
    launchChromium(),
  ]);
  await ok(
    asAdmin("POST", "/flags", {
      key: "new-checkout",
      type: "boolean",
      defaultVariation: "off",
      environments: {
        production: { rules: [{ id: "japan", kind: "force", condition: { country: "jp" }, serve: "on" }] },
      },
    }),
  );
  await ok(
    asAdmin("POST", "/flags", {
      key: "banner",
      type: "string",
      variations: [
        { key: "blue", value: "blue" },
        { key: "red", value: "red" },
      ],
      defaultVariation: "blue",
      environments: {
        production: { rules: [{ id: "japan-red", kind: "force", condition: { country: "jp" }, serve: "red" }] },
      },
    }),
  );
  support = (
    await ok<{ secret: string }>(asAdmin("POST", "/tokens", { kind: "personal", name: "ana-support", role: "support" }))
  ).secret;
  serverKey = (
    await ok<{ secret: string }>(
      asAdmin("POST", "/tokens", { kind: "server-sdk", name: "shop", environment: "production" }),
    )
  ).secret;
  // What the shop's SDK sent while u-42 was in France and then in Japan.
  const items = [
    {
      type: "event",
      id: "rq-1",
      ts: minutesAgo(90),
      name: "request",
      unit: UNIT,
      status: 200,
      durationMs: 120,
      fields: { context: { country: "fr", email_hash: "9f2c" }, http: { route: "/" } },
      assignments: { "new-checkout": "off", banner: "blue" },
    },
    {
      type: "exposure",
      id: "x-1",
      ts: minutesAgo(90),
      unit: UNIT,
      hashAttribute: "id",
      flag: "new-checkout",
      variation: "off",
      ruleId: "default",
      release: "aaa1111",
    },
    {
      type: "exposure",
      id: "x-2",
      ts: minutesAgo(90),
      unit: UNIT,
      hashAttribute: "id",
      flag: "banner",
      variation: "blue",
      ruleId: "default",
      release: "aaa1111",
    },
    {
      type: "event",
      id: "rq-2",
      ts: minutesAgo(20),
      name: "request",
      unit: UNIT,
      status: 500,
      durationMs: 2400,
      fields: { context: { country: "jp" }, http: { route: "/checkout" } },
      assignments: { "new-checkout": "on", banner: "red" },
    },
    {
      type: "exposure",
      id: "x-3",
      ts: minutesAgo(20),
      unit: UNIT,
      hashAttribute: "id",
      flag: "new-checkout",
      variation: "on",
      ruleId: "japan",
      release: "bbb2222",
    },
    {
      type: "exposure",
      id: "x-4",
      ts: minutesAgo(20),
      unit: UNIT,
      hashAttribute: "id",
      flag: "banner",
      variation: "red",
      ruleId: "japan-red",
      release: "bbb2222",
    },
  ];
  await ok(api(serve.url, serverKey, "POST", "/api/v1/events", items));
  client = createClient({ url: serve.url, sdkKey: serverKey, updates: "none", logger: () => undefined });
  await client.ready({ timeoutMs: 10_000 });
}, 240_000);

afterAll(async () => {
  await client?.close();
  await browser?.close();
  await stopServe(serve);
  rmSync(dataDir, { recursive: true, force: true });
}, 20_000);

describe("the customer lookup as a support agent", () => {
  it("reads what the unit sees now and what it saw, with its requests", async () => {
    const found = await ok<CustomerLookup>(asSupport("GET", `/customers/${UNIT}`));
    expect(found.attributes).toMatchObject({ country: "jp", email_hash: "9f2c", id: UNIT });
    const production = found.now.find((env) => env.environment === "production")?.flags ?? [];
    expect(production.map((f) => [f.flag, f.variation, f.ruleId])).toEqual([
      ["banner", "red", "japan-red"],
      ["new-checkout", "on", "japan"],
    ]);
    const checkout = found.timeline.filter((span) => span.flag === "new-checkout");
    expect(checkout.map((s) => [s.variation, s.ruleId, s.release, s.endedAt === null])).toEqual([
      ["on", "japan", "bbb2222", true],
      ["off", "default", "aaa1111", false],
    ]);
    expect(found.requests.map((r) => [r.id, r.status])).toEqual([
      ["rq-2", "500"],
      ["rq-1", "200"],
    ]);
    const raw = await ok<{ items: { id: string; fields: unknown }[] }>(
      api(serve.url, support, "GET", found.requests[0]?.rawEventsHref ?? ""),
    );
    expect(raw.items.map((e) => e.id)).toEqual(["rq-2"]);
    const search = await ok<{ units: { unit: string }[] }>(
      asSupport("GET", "/customers?attribute=email_hash&value=9f2c"),
    );
    expect(search.units.map((u) => u.unit)).toEqual([UNIT]);
  });

  it("answers 404 naming the unit searched for", async () => {
    const unknown = await asSupport("GET", "/customers/nobody");
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toContain('unit "nobody"');
  });

  it("cannot call any other route of the API: every other operation answers 403", async () => {
    const document = await ok<{ paths: Record<string, Record<string, unknown>> }>(asAdmin("GET", "/openapi.json"));
    const before = await ok<{ items: unknown[] }>(asAdmin("GET", "/changes?limit=1000&action=flag."));
    let refused = 0;
    for (const [path, operations] of Object.entries(document.paths)) {
      // The OpenAPI document itself is public; the customer routes and `/me` are the support role's.
      const open = path === "/api/v1/openapi.json" || path === "/api/v1/me" || path.startsWith("/api/v1/customers");
      if (open || !path.startsWith("/api/v1/")) continue;
      // Preflights answer browsers' CORS questions; they read and change nothing.
      for (const method of Object.keys(operations).filter((m) => m !== "options" && m !== "head")) {
        const url = path.replace(/\{[^}]+\}/g, "x");
        const body = method === "get" || method === "delete" ? undefined : {};
        const answer = await api(serve.url, support, method.toUpperCase(), url, body);
        if (answer.status !== 403) throw new Error(`${method} ${path} answered ${answer.status} to a support token`);
        const sdkOrIngest = path.startsWith("/api/v1/sdk/") || path.startsWith("/api/v1/events");
        expect(answer.body.error.message).toMatch(
          sdkOrIngest ? /SDK key|token/ : /support token reads only the customer lookup/,
        );
        refused++;
      }
    }
    expect(refused).toBeGreaterThan(40);
    expect(await ok<{ items: unknown[] }>(asAdmin("GET", "/changes?limit=1000&action=flag."))).toEqual(before);
  });

  it("leaves every lookup in the audit log: who looked up whom", async () => {
    const log = await ok<{ items: { actor: string; action: string; subjectKey: string }[] }>(
      asAdmin("GET", "/changes?action=customer.lookup"),
    );
    expect(log.items.map((c) => [c.actor, c.subjectKey])).toEqual(
      expect.arrayContaining([
        ["ana-support", UNIT],
        ["ana-support", "nobody"],
      ]),
    );
  });
});

describe("previewing as the customer through the SDK", () => {
  const served = (context: object) => ({
    checkout: client.variation("new-checkout", context).variation,
    banner: client.variation("banner", context).variation,
  });

  it("makes the agent's own session serve the customer's variations, and nobody else's", async () => {
    expect(served(AGENT)).toEqual({ checkout: "off", banner: "blue" });
    const grant = await ok<CustomerPreviewGrant>(
      asSupport("POST", `/customers/${UNIT}/previews`, { environment: "production", appUrl: "https://shop.example/" }),
    );
    const previews = createPreviewResolver({ url: serve.url, sdkKey: serverKey, cacheMs: 0 });
    const overrides = await previews.fromRequest(grant.link ?? "", undefined);
    expect(overrides).toEqual({ "new-checkout": "on", banner: "red" });
    const agentView = client.withOverrides(overrides);
    expect({
      checkout: agentView.variation("new-checkout", AGENT).variation,
      banner: agentView.variation("banner", AGENT).variation,
    }).toEqual({ checkout: "on", banner: "red" });
    // The customer and everyone else keep being served by the rules.
    expect(served({ id: UNIT, country: "jp" })).toEqual({ checkout: "on", banner: "red" });
    expect(served(AGENT)).toEqual({ checkout: "off", banner: "blue" });

    // A past moment: before the move to Japan, the customer saw the old checkout.
    const past = await ok<CustomerPreviewGrant>(
      asSupport("POST", `/customers/${UNIT}/previews`, { environment: "production", at: minutesAgo(60) }),
    );
    expect(await previews.overrides([past.token])).toEqual({ "new-checkout": "off", banner: "blue" });
  });

  it("stops working once expired, and once revoked", async () => {
    const previews = createPreviewResolver({ url: serve.url, sdkKey: serverKey, cacheMs: 60_000 });
    const short = await ok<CustomerPreviewGrant>(
      asSupport("POST", `/customers/${UNIT}/previews`, { environment: "production", ttlSeconds: 2 }),
    );
    expect(await previews.overrides([short.token])).toEqual({ "new-checkout": "on", banner: "red" });
    await new Promise((resolve) => setTimeout(resolve, Date.parse(short.preview.expiresAt) - Date.now() + 200));
    expect(await previews.check(short.token)).toEqual({ valid: false, reason: "expired" });
    expect(await previews.overrides([short.token])).toEqual({});

    const revocable = await ok<CustomerPreviewGrant>(
      asSupport("POST", `/customers/${UNIT}/previews`, { environment: "production" }),
    );
    const fresh = createPreviewResolver({ url: serve.url, sdkKey: serverKey, cacheMs: 0 });
    expect(await fresh.overrides([revocable.token])).toEqual({ "new-checkout": "on", banner: "red" });
    await ok(asSupport("DELETE", `/customers/${UNIT}/previews/${revocable.preview.id}`));
    expect(await fresh.check(revocable.token)).toEqual({ valid: false, reason: "revoked" });
    expect(served(AGENT)).toEqual({ checkout: "off", banner: "blue" });
    const audit = await ok<{ items: { action: string; actor: string }[] }>(
      asAdmin("GET", "/changes?action=customer.preview"),
    );
    expect(audit.items.map((c) => c.action)).toContain("customer.preview.revoke");
  });

  it("refuses a tampered token with its reason, and it changes nothing anybody is served", async () => {
    const grant = await ok<CustomerPreviewGrant>(
      asSupport("POST", `/customers/${UNIT}/previews`, { environment: "production" }),
    );
    const [prefix, , signature] = grant.token.split(".");
    const forged = Buffer.from(
      JSON.stringify({ id: grant.preview.id, env: "production", exp: 4_102_444_800 }),
    ).toString("base64url");
    const tampered = `${prefix}.${forged}.${signature}`;
    const answer = await api(serve.url, serverKey, "GET", `/api/v1/sdk/preview?token=${encodeURIComponent(tampered)}`);
    expect(answer.status).toBe(403);
    expect(answer.body.error).toMatchObject({ code: "FORBIDDEN", reason: "bad-signature" });
    expect(answer.body.error.message).toContain("signature does not match");
    const previews = createPreviewResolver({ url: serve.url, sdkKey: serverKey });
    const view = client.withOverrides(await previews.overrides([tampered]));
    expect(view.variation("new-checkout", AGENT).variation).toBe("off");
    expect(served({ id: UNIT, country: "jp" })).toEqual({ checkout: "on", banner: "red" });
  });
});

describe("the Customers page in a real browser", () => {
  it("shows a support agent only this page: now per environment with the rule, the timeline, requests and a preview", async () => {
    const page = await signedInPage(browser, serve.url, support, "/flags");
    page.setDefaultTimeout(20_000);
    expect(await page.getByRole("navigation", { name: "Main" }).getByRole("link").allInnerTexts()).toEqual([
      "Customers",
    ]);
    await page.getByRole("heading", { name: "Customers" }).waitFor();
    await page.getByLabel("Attribute").fill("email_hash");
    await page.getByLabel("Value").fill("9f2c");
    await page.getByRole("button", { name: "Look up" }).click();
    await page.getByTestId("customer-lookup").waitFor();
    expect(await page.getByTestId("customer-unit").innerText()).toBe(UNIT);
    await page.getByRole("tab", { name: "production" }).click();
    const checkoutRow = page.getByTestId("customer-now").locator('tr[data-flag="new-checkout"]');
    expect(await checkoutRow.innerText()).toMatch(/new-checkout\s+on\s+japan \(force\)/);
    expect(await page.getByTestId("customer-timeline").locator("tbody tr:not(.request-row)").count()).toBe(4);
    // The requests on the timeline's axis: the 500 of the complaint stands out.
    expect(await page.getByTestId("request-ticks").locator(".request-tick").count()).toBe(2);
    expect(await page.getByTestId("request-ticks").locator(".request-tick.failed").count()).toBe(1);
    expect(await page.getByTestId("customer-requests").innerText()).toContain("new-checkout=on");
    expect(
      await page
        .getByTestId("customer-requests")
        .getByRole("link", { name: /explorer/ })
        .count(),
    ).toBe(0);
    await page.getByTestId("customer-requests").getByRole("button", { name: "Raw events" }).first().click();
    expect(await page.getByTestId("customer-raw-events").innerText()).toContain('"/checkout"');
    await page.getByLabel("App address (optional)").fill("https://shop.example/");
    // The customer's variations, with the banner picked at will.
    await page.getByText("Pick variations at will (optional)").click();
    await page.getByTestId("customer-preview").getByLabel("banner").selectOption("blue");
    await page.getByRole("button", { name: "Preview as this customer" }).click();
    const token = await page.getByTestId("preview-token").inputValue();
    expect(token).toMatch(/^sbc\./);
    expect(await page.getByTestId("preview-link").innerText()).toContain(`sb_preview=${token}`);
    const previews = createPreviewResolver({ url: serve.url, sdkKey: serverKey });
    expect(await previews.overrides([token])).toEqual({ "new-checkout": "on", banner: "blue" });
    await page.getByText("Pick variations at will (optional)").click();
    await page.screenshot({ path: `${screenshots}customers.png`, fullPage: true });
  });
});
