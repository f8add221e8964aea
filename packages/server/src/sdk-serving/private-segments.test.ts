import type { FastifyInstance } from "fastify";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createSdkTestApp, KEYS } from "./testing/sdk-test-support.js";

// An id list is private unless its segment says `clientVisible: true`: a client key must learn nothing about who is
// in it, neither from its payload nor by asking OFREP about ids of its choosing.

const SECRET_IDS = ["secret-user-1", "secret-user-2"];

let app: FastifyInstance;

beforeEach(async () => {
  const test = await createSdkTestApp();
  app = test.app;
  const change = { actor: "test", action: "seed" };
  await test.store.createDocument("segment", "vip", { attribute: "id", ids: SECRET_IDS }, change);
  await test.store.createDocument(
    "flag",
    "vip-offer",
    {
      type: "boolean",
      defaultVariation: "off",
      clientVisible: true,
      environments: { production: { rules: [{ id: "seg-rule", kind: "force", segments: ["vip"], serve: "on" }] } },
    },
    change,
  );
  await new Promise((resolve) => setImmediate(resolve));
});
afterEach(async () => {
  await app.close();
});

function get(url: string, key: string) {
  return app.inject({ method: "GET", url, headers: { authorization: `Bearer ${key}` } });
}

function ofrep(url: string, key: string, targetingKey: string) {
  return app.inject({
    method: "POST",
    url,
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    payload: JSON.stringify({ context: { targetingKey } }),
  });
}

describe("private id-list segments", () => {
  it("D19: a client payload never contains the raw ids of a private segment, nor the flag that needs them", async () => {
    const client = await get("/api/v1/sdk/payload", KEYS.client);
    expect(client.statusCode).toBe(200);
    for (const id of SECRET_IDS) expect(client.body).not.toContain(id);
    expect(client.body).not.toContain("seg-rule");
    expect(Object.keys(client.json().features)).toEqual(["beta-banner", "new-checkout"]);
    const growthbook = await app.inject({ method: "GET", url: `/api/features/${KEYS.client}` });
    for (const id of SECRET_IDS) expect(growthbook.body).not.toContain(id);
    const server = await get("/api/v1/sdk/payload", KEYS.server);
    expect(server.json().savedGroups).toMatchObject({ vip: SECRET_IDS });
  });

  it("D19: OFREP with a client key tells nothing about membership of a private segment", async () => {
    for (const id of [...SECRET_IDS, "someone-else"]) {
      const single = await ofrep("/ofrep/v1/evaluate/flags/vip-offer", KEYS.client, id);
      expect(single.statusCode, id).toBe(404);
      expect(single.json(), id).toMatchObject({ key: "vip-offer", errorCode: "FLAG_NOT_FOUND" });
      const bulk = await ofrep("/ofrep/v1/evaluate/flags", KEYS.client, id);
      expect(bulk.body, id).not.toContain("vip-offer");
      expect(bulk.body, id).not.toContain("seg-rule");
    }
    const server = await ofrep("/ofrep/v1/evaluate/flags/vip-offer", KEYS.server, "secret-user-1");
    expect(server.json()).toMatchObject({ value: true, metadata: { ruleId: "seg-rule" } });
  });

  it("inlines a segment marked clientVisible into client payloads as $in", async () => {
    const client = await get("/api/v1/sdk/payload", KEYS.client);
    expect(JSON.stringify(client.json().features["beta-banner"].rules)).toContain('"$in":["user-1001","user-1002"]');
    const member = await ofrep("/ofrep/v1/evaluate/flags/beta-banner", KEYS.client, "user-1002");
    expect(member.json()).toMatchObject({ value: true, reason: "TARGETING_MATCH" });
  });
});
