import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../http/testing/create-test-app.js";

let t: TestApp;
const headers = { "x-change-reason": "release 64fd32f" };
const SERVICE = "/api/v1/traffic/services/production/web";

beforeEach(async () => {
  t = await createTestApp();
  const created = await t.call("editor", {
    method: "POST",
    url: "/api/v1/traffic/services",
    headers,
    payload: {
      name: "web",
      environment: "production",
      pools: [
        { name: "a", release: "aaaaaaa", backends: ["127.0.0.1:3001"] },
        { name: "b", release: "bbbbbbb", backends: ["127.0.0.1:3002"] },
      ],
      sticky: { source: "cookie", name: "uid" },
    },
  });
  expect(created.statusCode, created.body).toBe(201);
});
afterEach(async () => {
  await t.app.close();
});

const post = (path: string, payload: unknown, who: "editor" | "viewer" = "editor") =>
  t.call(who, { method: "POST", url: `${SERVICE}/${path}`, headers, payload });

describe("traffic API", () => {
  it("switches, ramps, goes back and drains, with the history and status to match", async () => {
    expect((await post("switch", { pool: "b" })).json().split).toEqual({ b: 100 });
    expect((await post("ramp", { weights: { a: 90, b: 10 } })).json().split).toEqual({ a: 90, b: 10 });
    expect((await post("back", {})).json().split).toEqual({ b: 100 });
    expect((await post("back", {})).json().split).toEqual({ a: 100 });
    expect((await post("drain", { pool: "b" })).json().pools[1].drained).toBe(true);
    const history = (await t.call("viewer", { method: "GET", url: `${SERVICE}/history` })).json();
    expect(history.items[0]).toMatchObject({ current: true, split: { a: 100 } });
    const status = (await t.call("viewer", { method: "GET", url: `${SERVICE}/status` })).json();
    expect(status.pools.map((p: { name: string; percent: number }) => [p.name, p.percent])).toEqual([
      ["a", 100],
      ["b", 0],
    ]);
    expect(status.dataPlane).toEqual({ kind: "none", reachable: null, error: null });
  });

  it("answers 400 with paths, 404 for unknown services and pools, 409 for conflicts, 403 for viewers", async () => {
    const bad = await post("ramp", { weights: { a: 90, b: 20 } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details).toEqual([{ path: "weights", message: "must sum to 100 (got 110)" }]);
    // The stored form of a split (a list of {pool, percent}) is not what ramp takes; the answer shows what it takes.
    const listed = await post("ramp", { weights: [{ pool: "a", percent: 90 }] });
    expect(listed.statusCode).toBe(400);
    expect(listed.json().error.details).toEqual([
      { path: "weights", message: 'must be an object, e.g. {"a":90,"b":10}' },
    ]);
    const badPool = await post("switch", { pool: "B!" });
    expect(badPool.statusCode).toBe(400);
    expect(badPool.json().error.details[0].path).toBe("pool");
    expect((await post("switch", { pool: "c" })).statusCode).toBe(404);
    const missing = await t.call("editor", {
      method: "POST",
      url: "/api/v1/traffic/services/production/api/switch",
      headers,
      payload: { pool: "a" },
    });
    expect(missing.statusCode).toBe(404);
    expect((await post("back", {})).statusCode).toBe(409);
    expect((await post("drain", { pool: "a" })).statusCode).toBe(409);
    expect((await post("switch", { pool: "b" }, "viewer")).statusCode).toBe(403);
  });

  it("puts every operation on the markers timeline as a pool switch", async () => {
    await post("switch", { pool: "b" });
    await post("back", {});
    const markers = await t.call("viewer", {
      method: "GET",
      url: "/api/v1/markers?from=2000-01-01T00:00:00Z&to=2100-01-01T00:00:00Z&environment=production",
    });
    const titles = markers.json().items.map((m: { title: string }) => m.title);
    expect(titles).toContain("pool switch web in production: all to b (bbbbbbb) by personal-editor");
    expect(titles).toContain("back button web in production: all to a (aaaaaaa) by personal-editor");
  });

  it("issues preview tokens for a pool of the service", async () => {
    const issued = await post("preview-tokens", { pool: "b", ttlSeconds: 600 });
    expect(issued.statusCode).toBe(201);
    expect(issued.json()).toMatchObject({ header: "x-switchboard-preview", pool: "b" });
    expect(issued.json().token).toMatch(/^b\.\d+\.[0-9a-f]{64}$/);
  });
});
