import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "./dashboard-browser.js";
import { api, type ServeProcess, startServe, stopServe } from "./serve-process.js";

const ADMIN = "sb_admin_sdk-browser-e2e-0123456789abcdef";
const root = fileURLToPath(new URL("../../", import.meta.url));
const FLAG = "new-checkout";

// The page's script: the built packages (dist) bundled for browsers the way an app's bundler would.
const APP = `
import { createClient } from "@switchboard/sdk";
import { createRemoteClient } from "@switchboard/sdk/remote";
window.switchboard = { createClient, createRemoteClient };
`;

let serve: ServeProcess;
let browser: Browser;
let site: Server;
let dataDir: string;
let clientKey: string;
/** What the pages logged (the SDK's warnings): shown when a test fails. */
const consoleLines: string[] = [];

async function bundleApp(): Promise<string> {
  const result = await build({
    stdin: { contents: APP, resolveDir: root, loader: "js" },
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    write: false,
    logLevel: "silent",
    alias: {
      "@switchboard/sdk/remote": `${root}packages/sdk/dist/remote/index.js`,
      // What a browser bundler resolves `@switchboard/sdk` to: the package's `browser` export condition.
      "@switchboard/sdk": `${root}packages/sdk/dist/browser/index.js`,
      "@switchboard/core": `${root}packages/core/dist/index.js`,
    },
  });
  return result.outputFiles[0]?.text ?? "";
}

/** A site on another origin than the server: one page that loads the bundle. */
async function startSite(): Promise<Server> {
  const bundle = await bundleApp();
  const server = createServer((request, response) => {
    if (request.url === "/app.js") response.writeHead(200, { "content-type": "text/javascript" }).end(bundle);
    else
      response
        .writeHead(200, { "content-type": "text/html" })
        .end(`<!doctype html><script type="module" src="/app.js"></script>`);
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

async function setFlag(action: "kill" | "enable"): Promise<void> {
  const answer = await api(serve.url, ADMIN, "POST", `/api/v1/flags/${FLAG}/environments/production/${action}`, {});
  expect(answer.status, JSON.stringify(answer.body)).toBeLessThan(300);
}

async function openPage(): Promise<Page> {
  const tab = await browser.newPage();
  tab.on("console", (message) => consoleLines.push(message.text()));
  await tab.goto(`http://127.0.0.1:${(site.address() as AddressInfo).port}/`);
  await tab.waitForFunction(() => "switchboard" in window);
  return tab;
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "sb-sdk-browser-"));
  [serve, browser, site] = await Promise.all([
    startServe({ dataDir, env: { SWITCHBOARD_ADMIN_TOKEN: ADMIN } }),
    launchChromium(),
    startSite(),
  ]);
  const created = await api(serve.url, ADMIN, "POST", "/api/v1/flags", {
    key: FLAG,
    type: "boolean",
    clientVisible: true,
    variations: [
      { key: "off", value: false },
      { key: "on", value: true },
    ],
    defaultVariation: "off",
    environments: { production: { enabled: true, rules: [{ id: "everyone", kind: "force", serve: "on" }] } },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const token = await api(serve.url, ADMIN, "POST", "/api/v1/tokens", {
    kind: "client-sdk",
    name: "web-shop",
    environment: "production",
  });
  expect(token.status).toBe(201);
  clientKey = token.body.secret as string;
}, 180_000);

afterAll(async () => {
  await browser?.close();
  site?.close();
  await stopServe(serve);
  rmSync(dataDir, { recursive: true, force: true });
}, 20_000);

interface PageWindow {
  switchboard: {
    createClient(options: object): PageFlags;
    createRemoteClient(options: object): { ready(o: object): Promise<object>; isOn(key: string): boolean };
  };
  flags: PageFlags;
}

interface PageFlags {
  ready(o: object): Promise<object>;
  isOn(key: string, context?: object): boolean;
  status?(): object;
}

describe("the browser SDK in Chromium, on another origin than the server", () => {
  it("the local-evaluation bundle serves a flag and sees it change live, without a reload", async () => {
    await setFlag("enable");
    const tab = await openPage();
    // The browser build follows the server with the platform's EventSource, the client key in the query.
    const eventSources: string[] = [];
    tab.on("request", (request) => {
      if (request.resourceType() === "eventsource") eventSources.push(request.url());
    });
    const ready = await tab.evaluate(
      async ({ url, sdkKey }) => {
        const page = window as unknown as PageWindow;
        page.flags = page.switchboard.createClient({ url, sdkKey });
        return page.flags.ready({ timeoutMs: 10_000 });
      },
      { url: serve.url, sdkKey: clientKey },
    );
    expect(ready).toEqual({ source: "server", timedOut: false });
    expect(await tab.evaluate((key) => (window as unknown as PageWindow).flags.isOn(key, { id: "u1" }), FLAG)).toBe(
      true,
    );
    await setFlag("kill");
    await tab.waitForFunction((key) => !(window as unknown as PageWindow).flags.isOn(key, { id: "u1" }), FLAG, {
      timeout: 15_000,
    });
    await setFlag("enable");
    await tab
      .waitForFunction((key) => (window as unknown as PageWindow).flags.isOn(key, { id: "u1" }), FLAG, {
        timeout: 15_000,
      })
      .catch((error: unknown) => {
        throw new Error(`${String(error)}\npage console:\n${consoleLines.join("\n")}`);
      });
    // The changes came over the stream, not the polling fallback a refused stream falls back to.
    expect(consoleLines.filter((line) => /CORS|polling/.test(line))).toEqual([]);
    expect(eventSources).toEqual([`${serve.url}/api/v1/sdk/stream?sdkKey=${encodeURIComponent(clientKey)}`]);
    expect(await tab.evaluate(() => (window as unknown as PageWindow).flags.status?.())).toMatchObject({
      state: "ready",
      source: "server",
    });
    await tab.close();
  });

  it("the remote client gets values the server evaluated and sees them change live, without a reload", async () => {
    await setFlag("enable");
    const tab = await openPage();
    const ready = await tab.evaluate(
      async ({ url, sdkKey }) => {
        const page = window as unknown as PageWindow;
        page.flags = page.switchboard.createRemoteClient({ url, sdkKey, context: { targetingKey: "u1" } });
        return page.flags.ready({ timeoutMs: 10_000 });
      },
      { url: serve.url, sdkKey: clientKey },
    );
    expect(ready).toEqual({ timedOut: false });
    expect(await tab.evaluate((key) => (window as unknown as PageWindow).flags.isOn(key), FLAG)).toBe(true);
    await setFlag("kill");
    await tab.waitForFunction((key) => !(window as unknown as PageWindow).flags.isOn(key), FLAG, { timeout: 15_000 });
    await setFlag("enable");
    await tab.waitForFunction((key) => (window as unknown as PageWindow).flags.isOn(key), FLAG, { timeout: 15_000 });
    await tab.close();
  });
});
