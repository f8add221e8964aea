import { GrowthBook } from "@growthbook/growthbook";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../http/testing/create-test-app.js";
import { SseTestClient } from "./testing/sse-test-client.js";

let t: TestApp;
let base: string;
const clients: SseTestClient[] = [];

beforeEach(async () => {
  t = await createTestApp();
  base = await t.app.listen({ host: "127.0.0.1", port: 0 });
});
afterEach(async () => {
  await t.app.close();
  for (const client of clients.splice(0)) client.close();
});

describe("SDK serving in the real app", () => {
  it("streams a kill made through the control API to server SDKs, and serves clients only what they may see", async () => {
    const flag = {
      key: "new-checkout",
      type: "boolean",
      defaultVariation: "off",
      clientVisible: true,
      environments: { production: { rules: [{ id: "everyone", kind: "force", serve: "on" }] } },
    };
    const headers = { "x-change-reason": "launch" };
    const created = await t.call("editor", { method: "POST", url: "/api/v1/flags", payload: flag, headers });
    expect(created.statusCode, created.body).toBe(201);
    const hidden = {
      key: "internal-limit",
      type: "number",
      variations: [{ key: "low", value: 1 }],
      defaultVariation: "low",
    };
    expect(
      (await t.call("editor", { method: "POST", url: "/api/v1/flags", payload: hidden, headers })).statusCode,
    ).toBe(201);

    const stream = await SseTestClient.open(`${base}/api/v1/sdk/stream`, {
      authorization: `Bearer ${t.secrets.serverSdk}`,
    });
    clients.push(stream);
    const [, first] = await stream.waitFor(2);
    expect(JSON.parse(first?.data ?? "{}").features["new-checkout"].rules).toHaveLength(1);

    const kill = await t.call("editor", {
      method: "POST",
      url: "/api/v1/flags/new-checkout/environments/production/kill",
      payload: { reason: "errors up" },
    });
    expect(kill.statusCode, kill.body).toBe(200);
    const [, , patch] = await stream.waitFor(3);
    expect(patch?.event).toBe("patch");
    expect(JSON.parse(patch?.data ?? "{}").features["new-checkout"].disabled).toBe(true);

    const client = await t.call("clientSdk", { method: "GET", url: "/api/v1/sdk/payload" });
    expect(Object.keys(client.json().features)).toEqual(["new-checkout"]);
    const gb = new GrowthBook({ apiHost: base, clientKey: t.secrets.clientSdk, attributes: { id: "u1" } });
    await gb.init({ timeout: 3000 });
    expect(gb.isOn("new-checkout")).toBe(false);
    gb.destroy();
  });

  it("refuses personal tokens and revoked keys", async () => {
    expect((await t.call("viewer", { method: "GET", url: "/api/v1/sdk/payload" })).statusCode).toBe(403);
    expect((await t.call("serverSdk", { method: "GET", url: "/api/v1/sdk/payload" })).statusCode).toBe(200);
    const tokens = await t.store.listTokens();
    const key = tokens.find((token) => token.kind === "server-sdk");
    await t.store.revokeToken(key?.id ?? "", { actor: "test", action: "token.revoke" });
    await new Promise((resolve) => setImmediate(resolve));
    expect((await t.call("serverSdk", { method: "GET", url: "/api/v1/sdk/payload" })).statusCode).toBe(401);
  });
});
