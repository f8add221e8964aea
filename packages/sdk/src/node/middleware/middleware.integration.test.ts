import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Exposure, WideEvent } from "@switchboard/core";
import express from "express";
import Fastify from "fastify";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import type { SwitchboardClient } from "../../client/client-types.js";
import { createEventsClient, type EventsClient } from "../../events/events-client.js";
import { TEST_PAYLOAD } from "../../events/testing/test-client.js";
import { createClient } from "../create-node-client.js";
import { switchboardExpress } from "./express.js";
import { switchboardFastify } from "./fastify.js";
import { withSwitchboard } from "./node-http.js";
import { currentEvent, type RequestEventOptions } from "./request-event.js";
import { type IngestSink, startIngestSink } from "./testing/ingest-sink.js";

const IPHONE =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Mobile/15E148 Safari/604.1";
const enrich: RequestEventOptions["enrich"] = (req, ctx) => {
  const country = req.headers["cf-ipcountry"];
  if (typeof country === "string") ctx["country"] = country.toLowerCase();
};

let sink: IngestSink;
let client: SwitchboardClient;
let events: EventsClient;
let server: Server | undefined;

beforeEach(async () => {
  sink = await startIngestSink();
  client = createClient({ bootstrap: TEST_PAYLOAD, updates: "none", release: "64fd32f", environment: "production" });
  events = createEventsClient(client, { url: sink.url, sdkKey: "sdk-test", logger: () => undefined });
});
afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
  await events.close();
  await sink.close();
});

async function listen(created: Server): Promise<string> {
  server = created;
  await new Promise<void>((resolve) => created.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(created.address() as AddressInfo).port}`;
}

async function delivered(): Promise<{ events: WideEvent[]; exposures: Exposure[] }> {
  // The response is sent before the middleware's close hook runs: give it a turn.
  await new Promise((resolve) => setTimeout(resolve, 20));
  await events.flush();
  const items = sink.accepted();
  return {
    events: items.filter((item): item is WideEvent => item.type === "event"),
    exposures: items.filter((item): item is Exposure => item.type === "exposure"),
  };
}

/** What every handler does: evaluations without a context, a span and a field. */
async function handle(): Promise<string> {
  const ev = currentEvent(events);
  await ev?.span("sql", () => new Promise((resolve) => setTimeout(resolve, 2)));
  ev?.set("cart.items", 3);
  return `${client.isOn("checkout")}:${client.value("banner", "a")}`;
}

const requestHeaders = { "x-switchboard-id": "u2", "user-agent": IPHONE, "cf-ipcountry": "JP" };

function expectRequestEvent(event: WideEvent | undefined, route: string, status: number, method = "GET"): void {
  expect(event).toMatchObject({
    type: "event",
    name: "request",
    unit: "u2",
    release: "64fd32f",
    environment: "production",
    status,
    assignments: { checkout: "treatment", banner: "b" },
    spans: { sql: { count: 1 } },
    fields: {
      "http.method": method,
      "http.route": route,
      user_agent: { os: "iOS", browser: "Mobile Safari", device: "mobile" },
      "cart.items": 3,
    },
  });
  expect(event?.durationMs).toBeGreaterThanOrEqual(1);
}

describe("request middleware", () => {
  test("node:http: the handler evaluates without a context and the request's event carries its assignments", async () => {
    const url = await listen(
      createServer(
        withSwitchboard(
          async (req, res) => {
            expect(req.switchboard.context).toMatchObject({ id: "u2", country: "jp", os: "iOS", device: "mobile" });
            res.writeHead(200).end(await handle());
          },
          { events, enrich, route: () => "/checkout" },
        ),
      ),
    );
    const response = await fetch(`${url}/checkout?x=1`, { headers: requestHeaders });
    expect(await response.text()).toBe("true:b");
    const { events: received, exposures } = await delivered();
    expectRequestEvent(received[0], "/checkout", 200);
    expect(exposures).toMatchObject([{ unit: "u2", flag: "checkout", variation: "treatment", release: "64fd32f" }]);
  });

  test("node:http: the unit id falls back to the cookie, and no request leaks its context into the next", async () => {
    const url = await listen(
      createServer(withSwitchboard((req, res) => res.end(String(req.switchboard.context["id"])), { events })),
    );
    const fromCookie = await fetch(url, { headers: { cookie: "theme=dark; sb_id=u%207; other=1" } });
    expect(await fromCookie.text()).toBe("u 7");
    const anonymous = await fetch(url);
    expect(await anonymous.text()).toBe("undefined");
    expect(currentEvent(events)).toBeUndefined();
  });

  test("without async context, req.switchboard evaluates with the request's context and fills its event", async () => {
    const url = await listen(
      createServer(
        withSwitchboard(
          (req, res) => {
            expect(currentEvent(events)).toBeUndefined();
            req.switchboard.event.set("cart.items", 3);
            res.end(`${req.switchboard.isOn("checkout")}:${req.switchboard.value("banner", "a")}`);
          },
          { events, enrich, asyncContext: false },
        ),
      ),
    );
    const response = await fetch(url, { headers: requestHeaders });
    expect(await response.text()).toBe("true:b");
    const { events: received } = await delivered();
    expect(received[0]).toMatchObject({
      assignments: { checkout: "treatment", banner: "b" },
      fields: { "cart.items": 3 },
    });
  });

  test("Express 5: route template, status and fields land in the event", async () => {
    const app = express();
    app.use(switchboardExpress(events, { enrich }));
    app.post("/users/:id", async (_req, res) => {
      res.status(201).send(await handle());
    });
    const url = await listen(createServer(app));
    const response = await fetch(`${url}/users/42`, { method: "POST", headers: requestHeaders });
    expect(await response.text()).toBe("true:b");
    const missing = await fetch(`${url}/nowhere`, { headers: requestHeaders });
    expect(missing.status).toBe(404);
    const { events: received } = await delivered();
    expectRequestEvent(received[0], "/users/:id", 201, "POST");
    expect(received[1]).toMatchObject({ status: 404, fields: { "http.method": "GET" } });
    expect(received[1]?.fields).not.toHaveProperty(["http.route"]);
  });

  test("Fastify 5: the plugin covers routes of every context and the handler runs with the request's context", async () => {
    const app = Fastify();
    await app.register(switchboardFastify, { events, enrich });
    await app.register(async (child) => {
      child.get("/items/:id", async (request, reply) => {
        expect((request as unknown as { switchboard: { context: unknown } }).switchboard.context).toMatchObject({
          id: "u2",
        });
        reply.code(202);
        return handle();
      });
    });
    const url = await app.listen({ port: 0, host: "127.0.0.1" });
    try {
      const response = await fetch(`${url}/items/9`, { headers: requestHeaders });
      expect(await response.text()).toBe("true:b");
      const { events: received } = await delivered();
      expectRequestEvent(received[0], "/items/:id", 202);
    } finally {
      await app.close();
    }
  });
});
