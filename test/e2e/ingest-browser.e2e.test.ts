import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join, normalize } from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "./dashboard-browser.js";
import { api, type ServeProcess, startServe, stopServe } from "./serve-process.js";

const ADMIN = "sb_admin_ingest-browser-e2e-0123456789abcdef";
const root = fileURLToPath(new URL("../../", import.meta.url));
// The built SDK and core, as a page loads them: ES modules, `@switchboard/core` resolved by an import map.
const MODULE_DIRS: Record<string, string> = { "/sdk/": "packages/sdk/dist/", "/core/": "packages/core/dist/" };

let serve: ServeProcess;
let browser: Browser;
let page: Server;
let dataDir: string;

const PAGE = `<!doctype html>
<script type="importmap">{"imports":{"@switchboard/core":"/core/index.js","@switchboard/core/api":"/core/api/index.js"}}</script>
<script type="module">
  import { EventTransport } from "/sdk/events/index.js";
  window.sendOneEvent = async (url, sdkKey) => {
    const logs = [];
    const transport = new EventTransport({ url, sdkKey, maxAttempts: 1, logger: (message) => logs.push(message) });
    transport.enqueue({ type: "event", id: "from-browser", ts: new Date().toISOString(), name: "page-view" });
    await transport.flush();
    return { ...transport.eventStats(), logs };
  };
</script>`;

interface PageWindow {
  sendOneEvent(url: string, sdkKey: string): Promise<Record<string, unknown>>;
}

/** A site on another origin than the server: one page and the SDK's modules. */
function startPageServer(): Promise<Server> {
  const server = createServer((request, response) => {
    const url = request.url ?? "/";
    const prefix = Object.keys(MODULE_DIRS).find((candidate) => url.startsWith(candidate));
    if (prefix === undefined) {
      response.writeHead(200, { "content-type": "text/html" }).end(PAGE);
      return;
    }
    const file = normalize(join(root, MODULE_DIRS[prefix] ?? "", url.slice(prefix.length)));
    try {
      response.writeHead(200, { "content-type": "text/javascript" }).end(readFileSync(file));
    } catch {
      response.writeHead(404).end();
    }
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "sb-ingest-browser-"));
  [serve, browser, page] = await Promise.all([
    startServe({ dataDir, env: { SWITCHBOARD_ADMIN_TOKEN: ADMIN } }),
    launchChromium(),
    startPageServer(),
  ]);
}, 90_000);

afterAll(async () => {
  await browser?.close();
  page?.close();
  await stopServe(serve);
  rmSync(dataDir, { recursive: true, force: true });
}, 20_000);

describe("events from a browser page on another origin", () => {
  it("D21: the browser SDK delivers a gzip batch with a client key across origins", async () => {
    const created = await api(serve.url, ADMIN, "POST", "/api/v1/tokens", {
      kind: "client-sdk",
      name: "web-shop",
      environment: "production",
    });
    expect(created.status).toBe(201);
    const tab = await browser.newPage();
    await tab.goto(`http://127.0.0.1:${(page.address() as AddressInfo).port}/`);
    await tab.waitForFunction(() => "sendOneEvent" in window);
    const stats = await tab.evaluate(({ url, sdkKey }) => (window as unknown as PageWindow).sendOneEvent(url, sdkKey), {
      url: serve.url,
      sdkKey: created.body.secret as string,
    });
    await tab.close();
    expect(stats).toMatchObject({ sent: 1, failed: 0, rejected: 0, logs: [] });
  });
});
