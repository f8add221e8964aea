import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Fastify, { type FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerDashboard } from "./dashboard-static.js";
import { createTestApp, type TestApp } from "./testing/create-test-app.js";

let built: FastifyInstance;
let notBuilt: FastifyInstance;
let t: TestApp;
let root = "";

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "switchboard-dashboard-"));
  await mkdir(join(root, "assets"));
  await writeFile(join(root, "index.html"), '<!doctype html><script type="module" src="/assets/app-1.js"></script>');
  await writeFile(join(root, "assets", "app-1.js"), "console.log(1);");
  await writeFile(join(root, "assets", "app-1.css"), "body{}");
  built = Fastify();
  registerDashboard(built, root);
  notBuilt = Fastify();
  registerDashboard(notBuilt, join(root, "missing"));
  t = await createTestApp();
});
afterAll(async () => {
  await Promise.all([built.close(), notBuilt.close(), t.app.close()]);
  await rm(root, { recursive: true, force: true });
});

const html = { accept: "text/html" };

describe("dashboard security headers", () => {
  it.each([
    ["the page at /", () => built.inject({ url: "/" })],
    ["a client-side route", () => built.inject({ url: "/flags/new-checkout", headers: html })],
    ["a script asset", () => built.inject({ url: "/assets/app-1.js" })],
    ["a stylesheet asset", () => built.inject({ url: "/assets/app-1.css" })],
    ["the not-built page", () => notBuilt.inject({ url: "/" })],
    ["the page served by the whole app", () => t.app.inject({ url: "/", headers: html })],
  ])("D22: %s carries CSP, X-Frame-Options, nosniff and Referrer-Policy", async (_, get) => {
    const response = await get();
    expect(response.statusCode).toBe(200);
    const csp = String(response.headers["content-security-policy"]);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain("unsafe");
    expect(response.headers["x-frame-options"]).toBe("DENY");
    expect(response.headers["x-content-type-options"]).toBe("nosniff");
    expect(response.headers["referrer-policy"]).toBe("no-referrer");
  });
});
