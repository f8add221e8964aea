import { clearCache, configureCache, GrowthBook, setPolyfills } from "@growthbook/growthbook";
import type { FastifyInstance } from "fastify";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { FakeConfigStore } from "../store/fake-config-store.js";
import { createSdkTestApp, KEYS, setEnabled } from "./testing/sdk-test-support.js";
import { SseTestClient } from "./testing/sse-test-client.js";

/** Just enough of the browser's EventSource for the GrowthBook SDK, over the tests' SSE reader. */
class TestEventSource {
  static readonly opened: TestEventSource[] = [];
  readyState = 0;
  onopen: (() => void) | null = null;
  onerror: (() => void) | null = null;
  private client: SseTestClient | undefined;
  private readonly listeners = new Map<string, ((event: { type: string; data: string }) => void)[]>();

  constructor(url: string) {
    TestEventSource.opened.push(this);
    SseTestClient.open(url, {}).then(
      (client) => this.start(client),
      () => {
        this.readyState = 2;
        this.onerror?.();
      },
    );
  }

  private start(client: SseTestClient): void {
    if (this.readyState === 2) {
      client.close();
      return;
    }
    this.client = client;
    this.readyState = 1;
    this.onopen?.();
    let delivered = 0;
    const pump = async (): Promise<void> => {
      while (this.readyState === 1 && !client.ended) {
        await client.waitFor(delivered + 1, 60_000).catch(() => undefined);
        for (const event of client.events.slice(delivered)) {
          for (const listener of this.listeners.get(event.event) ?? [])
            listener({ type: event.event, data: event.data });
        }
        delivered = client.events.length;
      }
    };
    void pump();
  }

  addEventListener(type: string, listener: (event: { type: string; data: string }) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }

  close(): void {
    this.readyState = 2;
    this.client?.close();
  }
}

let app: FastifyInstance;
let store: FakeConfigStore;
let apiHost: string;

beforeAll(() => {
  setPolyfills({ EventSource: TestEventSource });
  configureCache({ disableCache: true });
});
afterAll(() => setPolyfills({ EventSource: undefined }));

beforeEach(async () => {
  clearCache();
  ({ app, store } = await createSdkTestApp());
  apiHost = await app.listen({ host: "127.0.0.1", port: 0 });
});
afterEach(async () => {
  await app.close();
  for (const source of TestEventSource.opened.splice(0)) source.close();
});

describe("the GrowthBook JavaScript SDK against /api/features/:clientKey", () => {
  it("loads the client payload and evaluates flags like our evaluator", async () => {
    const gb = new GrowthBook({ apiHost, clientKey: KEYS.client, attributes: { id: "user-42" } });
    const result = await gb.init({ timeout: 3000 });
    expect(result.success).toBe(true);
    expect(gb.isOn("new-checkout")).toBe(true);
    expect(gb.isOn("beta-banner")).toBe(false);
    await gb.setAttributes({ id: "user-1001" });
    expect(gb.isOn("beta-banner")).toBe(true);
    expect(gb.isOn("new-checkout")).toBe(false);
    expect(gb.getFeatureValue("search-limit", -1)).toBe(-1);
    gb.destroy();
  });

  it("D10: refuses server keys and tokens on /api/features/:clientKey and /sub/:clientKey, pointing to /api/v1/sdk/payload", async () => {
    for (const key of [KEYS.server, KEYS.staging, KEYS.admin, KEYS.personal]) {
      for (const path of [`/api/features/${key}`, `/sub/${key}`]) {
        const response = await fetch(`${apiHost}${path}`, { headers: { origin: "https://evil.example" } });
        const text = await response.text();
        expect(response.status).toBe(403);
        expect(text).not.toContain("savedGroups");
        expect(text).not.toContain("user-1001");
        const body = JSON.parse(text) as { error: { code: string; message: string } };
        expect(body.error.code).toBe("FORBIDDEN");
        expect(body.error.message).toContain("/api/v1/sdk/payload");
      }
    }
    const gb = new GrowthBook({ apiHost, clientKey: KEYS.server, attributes: { id: "user-1002" } });
    await gb.init({ timeout: 3000 });
    expect(gb.getFeatureValue("search-limit", -1)).toBe(-1);
    gb.destroy();
  });

  it("picks up a kill switch over its /sub/:clientKey stream", async () => {
    const gb = new GrowthBook({ apiHost, clientKey: KEYS.client, attributes: { id: "user-42" } });
    await gb.init({ timeout: 3000, streaming: true });
    expect(gb.isOn("new-checkout")).toBe(true);
    await setEnabled(store, "new-checkout", false);
    const deadline = Date.now() + 5000;
    while (gb.isOn("new-checkout") && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(gb.isOn("new-checkout")).toBe(false);
    gb.destroy();
  });
});
