import type { IngestItem } from "@switchboard/core";
import Fastify from "fastify";
import { afterEach, describe, expect, test } from "vitest";
import { createEventsClient, type EventsClient } from "../../events/events-client.js";
import { TEST_PAYLOAD } from "../../events/testing/test-client.js";
import { createClient } from "../create-node-client.js";
import { switchboardFastify } from "./fastify.js";

// The plugin must cost a request the same whatever the size of its answer: it never reads, copies or serialises
// the response payload (a large JSON answer is serialised once, by Fastify, as without the plugin).

let events: EventsClient | undefined;
let items: IngestItem[] = [];

afterEach(async () => {
  await events?.close();
  events = undefined;
  items = [];
});

function eventsClient(): EventsClient {
  const client = createClient({ bootstrap: TEST_PAYLOAD, updates: "none", release: "64fd32f" });
  const stats = { queued: 0, inFlight: 0, sent: 0, dropped: 0, failed: 0, rejected: 0, retries: 0, batchesSent: 0 };
  events = createEventsClient(client, {
    transport: {
      enqueue: (item) => items.push(item),
      eventStats: () => stats,
      flush: () => Promise.resolve(),
      close: () => Promise.resolve(),
    },
  });
  return events;
}

/** A 20 KB answer that counts how often it is serialised. */
function countedAnswer() {
  const answer = {
    serialised: 0,
    toJSON() {
      answer.serialised++;
      return { reviews: Array.from({ length: 120 }, (_, n) => ({ id: n, text: "x".repeat(150) })) };
    },
  };
  return answer;
}

describe("switchboardFastify and the response payload", () => {
  test("registers request-lifecycle hooks only, none that sees the payload", async () => {
    const hooks: string[] = [];
    const instance = {
      decorateRequest: () => undefined,
      addHook: (name: string) => hooks.push(name),
    };
    await new Promise<void>((resolve, reject) =>
      switchboardFastify(instance, { events: eventsClient() }, (error) => (error ? reject(error) : resolve())),
    );
    expect(hooks.sort()).toEqual(["onRequest", "onResponse"]);
  });

  test.each([true, false])("an object answer is serialised once (asyncContext %s)", async (asyncContext) => {
    const app = Fastify({ logger: false });
    await app.register(switchboardFastify, { events: eventsClient(), asyncContext });
    const answer = countedAnswer();
    app.get("/products/:id", async () => answer);
    const response = await app.inject({ method: "GET", url: "/products/42" });
    expect(response.statusCode).toBe(200);
    expect(response.body.length).toBeGreaterThan(20_000);
    expect(answer.serialised).toBe(1);
    // The plugin did run: the request's event was ended with the status.
    await new Promise((resolve) => setImmediate(resolve));
    expect(items.filter((item) => item.type === "event")).toHaveLength(1);
    await app.close();
  });

  test("a string answer reaches the later hooks as the same string, not a copy", async () => {
    const app = Fastify({ logger: false });
    await app.register(switchboardFastify, { events: eventsClient() });
    const body = JSON.stringify({ text: "y".repeat(20_000) });
    let seen: unknown;
    app.addHook("onSend", async (_request, _reply, payload) => {
      seen = payload;
      return payload;
    });
    app.get("/products/:id", async () => body);
    const response = await app.inject({ method: "GET", url: "/products/42" });
    expect(response.body).toBe(body);
    expect(seen).toBe(body);
    await app.close();
  });
});
