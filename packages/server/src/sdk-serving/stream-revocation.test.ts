import { describe, expect, it } from "vitest";
import { createTestApp } from "../http/testing/create-test-app.js";
import { SseTestClient } from "./testing/sse-test-client.js";

describe("revoking an SDK key", () => {
  it("D3: closes the key's open streams within a second, over a real socket, and sends them no later change", async () => {
    const t = await createTestApp();
    const base = await t.app.listen({ host: "127.0.0.1", port: 0 });
    const streams: SseTestClient[] = [];
    try {
      const tokens = (await t.call("admin", { method: "GET", url: "/api/v1/tokens" })).json() as {
        items: { id: string; kind: string }[];
      };
      const serverKey = tokens.items.find((token) => token.kind === "server-sdk");
      for (const [secret, url] of [
        [t.secrets.serverSdk, "/api/v1/sdk/stream"],
        [t.secrets.clientSdk, "/api/v1/sdk/stream"],
      ] as const) {
        streams.push(await SseTestClient.open(`${base}${url}`, { authorization: `Bearer ${secret}` }));
      }
      const [revokedStream, otherStream] = streams;
      await revokedStream?.waitFor(2);
      await otherStream?.waitFor(2);

      const revoke = await t.call("admin", { method: "DELETE", url: `/api/v1/tokens/${serverKey?.id}` });
      expect(revoke.statusCode).toBe(200);
      const revokedAt = Date.now();
      while (!revokedStream?.ended && Date.now() - revokedAt < 2_000) await new Promise((r) => setTimeout(r, 10));
      expect(revokedStream?.ended).toBe(true);
      expect(Date.now() - revokedAt).toBeLessThan(1_000);

      const seenBefore = revokedStream?.events.length ?? 0;
      const created = await t.call("editor", {
        method: "POST",
        url: "/api/v1/flags",
        payload: { key: "after-revoke", type: "boolean", defaultVariation: "off", description: "d3", owner: "auth" },
      });
      expect(created.statusCode).toBe(201);
      await new Promise((r) => setTimeout(r, 200));
      expect(revokedStream?.events.filter((event) => event.event !== "comment").length).toBeLessThanOrEqual(seenBefore);
      expect(otherStream?.ended).toBe(false);
    } finally {
      for (const stream of streams) stream.close();
      await t.app.close();
    }
  });
});
