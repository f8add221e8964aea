import { type IngestItem, type WideEvent, WideEventSchema, wireProblems } from "@switchboard/core";
import { describe, expect, test } from "vitest";
import { createEventsClient, type ItemTransport, startEvent } from "./events-client.js";
import { createTestClient } from "./testing/test-client.js";

function setup() {
  const items: IngestItem[] = [];
  const transport: ItemTransport = {
    enqueue: (item) => items.push(item),
    eventStats: () => ({
      queued: 0,
      inFlight: 0,
      sent: 0,
      dropped: 0,
      failed: 0,
      rejected: 0,
      retries: 0,
      batchesSent: 0,
    }),
    flush: () => Promise.resolve(),
    close: () => Promise.resolve(),
  };
  const client = createTestClient({ environment: "production", release: "64fd32f" });
  const events = createEventsClient(client, { transport, exposures: "none" });
  return { client, events, items };
}

describe("wide events", () => {
  test("end() queues one event in the wire format (version 2: flat dotted field keys), with counters and ordered messages", async () => {
    const { events, items } = setup();
    const ev = events.startEvent({ id: "u1" }, { name: "checkout" });
    ev.set("http.route", "/pay").set("http.method", "POST").set("amount", 42).set("http.route", "/pay/:id");
    ev.add("sql_rows", 3).add("sql_rows", 2).add("retries");
    ev.message("card authorised", { provider: "acme" }).message("receipt sent");
    const ended = ev.end({ status: 201 });
    expect(ev.end({ status: 500 })).toBeUndefined();
    const wire = JSON.parse(JSON.stringify(items)) as WideEvent[];
    expect(wire).toEqual([ended]);
    expect(wire[0]).toStrictEqual({
      type: "event",
      v: 2,
      id: ev.id,
      ts: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/),
      name: "checkout",
      unit: "u1",
      environment: "production",
      release: "64fd32f",
      durationMs: expect.any(Number),
      status: 201,
      messages: [
        { atMs: expect.any(Number), text: "card authorised", fields: { provider: "acme" } },
        { atMs: expect.any(Number), text: "receipt sent" },
      ],
      counters: { sql_rows: 5, retries: 1 },
      // "http.route" was set again last, so it comes last: the server nests keys in this order, as `set` did.
      fields: { "http.method": "POST", amount: 42, "http.route": "/pay/:id" },
    } satisfies WideEvent);
    expect(Object.keys(wire[0]?.fields ?? {})).toEqual(["http.method", "amount", "http.route"]);
    // The schema ingest validates against, shared through core: what the SDK builds, ingest accepts.
    expect(wireProblems(WideEventSchema, wire[0], "")).toEqual([]);
  });

  test("the assignment vector holds every flag evaluated with the event's context object while it is open", () => {
    const { client, events, items } = setup();
    const context = { id: "u2", country: "jp" };
    const ev = events.startEvent(context);
    client.isOn("checkout", context);
    client.value("banner", "a", context);
    client.value("theme", "dark", { ...context });
    ev.end();
    client.value("theme", "dark", context);
    expect((items[0] as WideEvent).assignments).toEqual({ checkout: "treatment", banner: "b" });
    expect(events.activeEvent(context)).toBeUndefined();
  });

  test("span totals add up per name and the tree keeps the nesting", async () => {
    const { events, items } = setup();
    const ev = events.startEvent({ id: "u1" });
    const render = ev.startSpan("render");
    await ev.span("sql", () => new Promise((resolve) => setTimeout(resolve, 5)));
    await ev.span("sql", async () => {
      await ev.span("decode", () => 1);
    });
    render.end();
    ev.startSpan("flush").end();
    ev.end();
    const event = items[0] as WideEvent;
    expect(event.spans?.["sql"]?.count).toBe(2);
    expect(event.spans?.["sql"]?.ms).toBeGreaterThanOrEqual(4);
    expect(Object.keys(event.spans ?? {}).sort()).toEqual(["decode", "flush", "render", "sql"]);
    expect(wireProblems(WideEventSchema, JSON.parse(JSON.stringify(event)), "")).toEqual([]);
    const shape = (nodes: WideEvent["spanTree"]): unknown =>
      nodes?.map((node) => [node.name, shape(node.children ?? [])]);
    expect(shape(event.spanTree)).toEqual([
      [
        "render",
        [
          ["sql", []],
          ["sql", [["decode", []]]],
        ],
      ],
      ["flush", []],
    ]);
  });

  test("the span tree and the messages are bounded while span totals stay exact", () => {
    const { events, items } = setup();
    const ev = events.startEvent({ id: "u1" }, { maxSpanNodes: 5, maxMessages: 2 });
    const batch = ev.startSpan("batch");
    for (let n = 0; n < 300; n++) ev.startSpan("cache").end();
    batch.end();
    for (let n = 0; n < 4; n++) ev.message(`m${n}`);
    ev.end();
    const event = items[0] as WideEvent;
    expect(event.spanTree?.[0]?.children).toHaveLength(4);
    expect(event.spans?.["cache"]?.count).toBe(300);
    expect(event.messages?.map((message) => message.text)).toEqual(["m0", "m1"]);
    expect(event.counters).toEqual({ "switchboard.messages_dropped": 2 });
  });

  test("spans that never nest are sent as totals only, and every event has its own id", () => {
    const { events, items } = setup();
    const ev = events.startEvent({ id: "u1" });
    ev.startSpan("auth").end();
    ev.startSpan("render").end();
    ev.end();
    events.startEvent({ id: "u1" }).end();
    const [first, second] = items as WideEvent[];
    expect(first?.spans?.["render"]?.count).toBe(1);
    expect(first).not.toHaveProperty("spanTree");
    expect(first?.id).toMatch(/^[0-9a-f]{24}-[0-9a-z]+$/);
    expect(second?.id).not.toBe(first?.id);
  });

  test("a span still open when the event ends is closed by it", () => {
    const { events, items } = setup();
    const ev = events.startEvent({ id: "u1" });
    ev.startSpan("stream");
    ev.end();
    expect((items[0] as WideEvent).spans?.["stream"]?.count).toBe(1);
  });

  test("span() ends at once around synchronous work, rejects with what it throws, and spans after end() change nothing", async () => {
    const { events, items } = setup();
    const ev = events.startEvent({ id: "u1" });
    await expect(ev.span("parse", () => 7)).resolves.toBe(7);
    await expect(
      ev.span("fail", () => {
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    const pending = ev.span("io", () => Promise.resolve("x"));
    ev.startSpan("after").end();
    await expect(pending).resolves.toBe("x");
    const sent = ev.end();
    ev.startSpan("late").end();
    await ev.span("late", () => 1);
    const event = items[0] as WideEvent;
    expect(event).toBe(sent);
    expect(Object.keys(event.spans ?? {})).toEqual(["parse", "fail", "after", "io"]);
    expect(event.spanTree?.map((node) => [node.name, node.children?.map((child) => child.name)])).toEqual([
      ["parse", undefined],
      ["fail", undefined],
      ["io", ["after"]],
    ]);
  });

  test("startEvent(client, …) goes through the events attached to the client", () => {
    const { client, items } = setup();
    const context = { id: "u3" };
    const ev = startEvent(client, context, { name: "job" });
    client.isOn("checkout", context);
    ev.end({ status: "ok" });
    expect(items).toMatchObject([{ name: "job", status: "ok", assignments: { checkout: "control" } }]);
  });

  test("fields never write through __proto__", () => {
    const { events, items } = setup();
    events.startEvent({}).set("__proto__.polluted", true).set("a.__proto__", 1).end();
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
    expect((items[0] as WideEvent).fields).toBeUndefined();
  });
});
