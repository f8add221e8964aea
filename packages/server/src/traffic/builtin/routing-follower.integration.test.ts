import { type DataPlaneView, RoutingFollower } from "@switchboard/proxy";
import { request } from "undici";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../http/testing/create-test-app.js";

let t: TestApp;
let url: string;
let follower: RoutingFollower | undefined;
const headers = { "x-change-reason": "release 2" };
const SERVICE = "/api/v1/traffic/services/production/web";

beforeEach(async () => {
  t = await createTestApp();
  url = await t.app.listen({ host: "127.0.0.1", port: 0 });
  const created = await t.call("editor", {
    method: "POST",
    url: "/api/v1/traffic/services",
    headers,
    payload: {
      name: "web",
      environment: "production",
      pools: [
        { name: "a", backends: ["127.0.0.1:3001"] },
        { name: "b", backends: ["127.0.0.1:3002"] },
      ],
      dataPlane: { kind: "builtin" },
    },
  });
  expect(created.statusCode, created.body).toBe(201);
});
afterEach(async () => {
  follower?.stop();
  follower = undefined;
  await t.app.close();
});

function follow(pollMs: number): { views: DataPlaneView[]; next: () => Promise<DataPlaneView> } {
  const views: DataPlaneView[] = [];
  let waiting: ((view: DataPlaneView) => void) | undefined;
  follower = new RoutingFollower({
    serverUrl: url,
    token: t.secrets.editor,
    service: { environment: "production", name: "web" },
    pollMs,
    onChange: (view) => {
      views.push(view);
      waiting?.(view);
      waiting = undefined;
    },
    onError: () => {},
  });
  return {
    views,
    next: () =>
      new Promise((resolve) => {
        waiting = resolve;
      }),
  };
}

describe("RoutingFollower", () => {
  it("gets a switch pushed through its long-poll within milliseconds, not a poll interval", async () => {
    const { views, next } = follow(60_000);
    await follower?.start();
    expect(views.map((v) => v.version)).toEqual([1]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const switched = next();
    const sentMs = performance.now();
    const answer = await t.call("editor", {
      method: "POST",
      url: `${SERVICE}/switch`,
      headers,
      payload: { pool: "b" },
    });
    expect(answer.statusCode).toBe(200);
    const view = await switched;
    expect(performance.now() - sentMs).toBeLessThan(1_000);
    expect(view.routing.target).toEqual({ kind: "pool", pool: "b" });
    expect(view.version).toBe(2);
  });

  it("answers 304 to an unchanged ETag and holds a long-poll until the version moves", async () => {
    const auth = { authorization: `Bearer ${t.secrets.editor}` };
    const first = await request(`${url}${SERVICE}/data-plane`, { headers: auth });
    await first.body.dump();
    expect(first.headers["etag"]).toBe('"1"');
    const again = await request(`${url}${SERVICE}/data-plane`, { headers: { ...auth, "if-none-match": '"1"' } });
    await again.body.dump();
    expect(again.statusCode).toBe(304);
    const timedOut = await request(`${url}${SERVICE}/data-plane?after=1&waitSeconds=0.05`, { headers: auth });
    expect(((await timedOut.body.json()) as DataPlaneView).version).toBe(1);
    const held = request(`${url}${SERVICE}/data-plane?after=1&waitSeconds=30`, { headers: auth });
    await new Promise((resolve) => setTimeout(resolve, 50));
    await t.call("editor", { method: "POST", url: `${SERVICE}/switch`, headers, payload: { pool: "b" } });
    expect(((await (await held).body.json()) as DataPlaneView).version).toBe(2);
  });

  it("lets the server stop at once while a proxy's long-poll is open", async () => {
    follow(60_000);
    await follower?.start();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const startedMs = performance.now();
    await t.app.close();
    expect(performance.now() - startedMs).toBeLessThan(2_000);
  });
});
