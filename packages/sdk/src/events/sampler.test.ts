import { type IngestItem, type WideEvent, WideEventSchema, wireProblems } from "@switchboard/core";
import { describe, expect, test, vi } from "vitest";
import { clock } from "./clock.js";
import { createEventsClient, type EventsClient, type ItemTransport } from "./events-client.js";
import { Sampler, type SamplingOptions, sampleHash, traceIdOf } from "./sampler.js";
import { createTestClient } from "./testing/test-client.js";

function setup(sampling: SamplingOptions, exposures: "experiments" | "none" = "none") {
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
  const client = createTestClient({ environment: "production" });
  const events = createEventsClient(client, { transport, exposures, sampling });
  const sent = () => items.filter((item): item is WideEvent => item.type === "event");
  return { client, events, items, sent };
}

// Units whose hash keeps them (or drops them) at rate 10, found by the same hash the sampler uses.
const RATE = 10;
const keeps = (key: string) => new Sampler({ rate: RATE }).keeps(key);
const unitsWhere = (kept: boolean, count: number) => {
  const found: string[] = [];
  for (let i = 0; found.length < count; i++) if (keeps(`user-${i}`) === kept) found.push(`user-${i}`);
  return found;
};
const [keptUnit, keptUnit2] = unitsWhere(true, 2) as [string, string];
const [droppedUnit, droppedUnit2] = unitsWhere(false, 2) as [string, string];

describe("head-based sampling of wide events", () => {
  test("keeps 1 in rate of the units, the same ones every time (binomial bounds at 5 standard deviations)", () => {
    const n = 100_000;
    let kept = 0;
    for (let i = 0; i < n; i++) if (keeps(`unit-${i}`)) kept++;
    const sd = Math.sqrt((n * (1 / RATE) * (1 - 1 / RATE)) as number);
    expect(Math.abs(kept - n / RATE)).toBeLessThan(5 * sd);
    expect(keeps("unit-42")).toBe(new Sampler({ rate: RATE }).keeps("unit-42"));
    expect(sampleHash("a")).not.toBe(sampleHash("b"));
    expect(new Sampler({ rate: 1 }).keeps("anything")).toBe(true);
  });

  test("a kept event says how many it stands for; a dropped one is not sent and end() returns undefined", () => {
    const { events, sent } = setup({ rate: RATE });
    const kept = events.startEvent({ id: keptUnit });
    expect(kept.sampledIn).toBe(true);
    const keptEvent = kept.set("http.route", "/a").end({ status: 200 });
    const dropped = events.startEvent({ id: droppedUnit });
    expect(dropped.sampledIn).toBe(false);
    expect(dropped.set("http.route", "/a").end({ status: 200 })).toBeUndefined();
    expect(sent()).toEqual([keptEvent]);
    expect(sent()[0]).toMatchObject({ unit: keptUnit, sampleRate: RATE, fields: { "http.route": "/a" } });
    expect(wireProblems(WideEventSchema, JSON.parse(JSON.stringify(sent()[0])), "")).toEqual([]);
    // Nothing lingers for a dropped event: the context's active event is gone.
    expect(events.activeEvent({ id: droppedUnit })).toBeUndefined();
  });

  test("by trace, every event of a trace is kept or dropped together, whatever its unit; by unit, every event of a unit", () => {
    const byTrace = setup({ rate: RATE });
    const traceKept = unitsWhere(true, 1)[0] as string;
    for (const unit of [keptUnit, droppedUnit, droppedUnit2]) {
      byTrace.events.startEvent({ id: unit }, { traceId: traceKept }).end({ status: 200 });
      byTrace.events.startEvent({ id: unit }, { traceId: droppedUnit }).end({ status: 200 });
    }
    expect(byTrace.sent().map((event) => event.unit)).toEqual([keptUnit, droppedUnit, droppedUnit2]);
    const byUnit = setup({ rate: RATE, by: "unit" });
    for (const unit of [keptUnit, keptUnit2, droppedUnit]) {
      byUnit.events.startEvent({ id: unit }, { traceId: droppedUnit2 }).end({ status: 200 });
      byUnit.events.startEvent({ id: unit }, { traceId: keptUnit }).end({ status: 200 });
    }
    expect(byUnit.sent().map((event) => event.unit)).toEqual([keptUnit, keptUnit, keptUnit2, keptUnit2]);
  });

  test("errors, slow requests, keep-listed fields and names are kept at full rate, complete, with no sampleRate", () => {
    const { events, sent } = setup({
      rate: RATE,
      slowMs: 0.000_001,
      keep: [{ field: "http.route", values: ["/checkout"] }, { name: "payment" }],
    });
    const fast = setup({ rate: RATE, keep: [{ field: "http.route", values: ["/checkout"] }, { name: "payment" }] });
    const error = fast.events.startEvent({ id: droppedUnit });
    error.set("http.route", "/a").set("cart.items", 3).add("retries").message("card declined");
    error.span("db", () => 1);
    const errorEvent = error.end({ status: 503 });
    expect(errorEvent).toMatchObject({
      unit: droppedUnit,
      status: 503,
      fields: { "http.route": "/a", "cart.items": 3 },
      counters: { retries: 1, "switchboard.spans_untimed": 1 },
      messages: [{ text: "card declined" }],
    });
    // Its span was started while the event was dropped: counted, not timed (`timeDroppedSpans` is off).
    expect(errorEvent?.spans).toBeUndefined();
    expect(errorEvent?.sampleRate).toBeUndefined();
    expect(errorEvent?.ts).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(fast.events.startEvent({ id: droppedUnit }).end({ status: "error" })).toBeDefined();
    expect(
      fast.events.startEvent({ id: droppedUnit }).set("http.route", "/checkout").end({ status: 200 }),
    ).toBeDefined();
    expect(fast.events.startEvent({ id: droppedUnit }, { name: "payment" }).end({ status: 200 })).toBeDefined();
    expect(
      fast.events.startEvent({ id: droppedUnit }).set("http.route", "/other").end({ status: 200 }),
    ).toBeUndefined();
    expect(fast.events.startEvent({ id: droppedUnit }).end({ status: 404 })).toBeUndefined();
    // An error whose hash kept it anyway was certain to be sent: it stands for itself alone.
    expect(fast.events.startEvent({ id: keptUnit }).end({ status: 500 })?.sampleRate).toBeUndefined();
    // Slow: every event lasts longer than the threshold here.
    expect(events.startEvent({ id: droppedUnit }).end({ status: 200 })).toMatchObject({ status: 200 });
    expect(sent()[0]?.sampleRate).toBeUndefined();
    const withoutErrors = setup({ rate: RATE, keepErrors: false });
    expect(withoutErrors.events.startEvent({ id: droppedUnit }).end({ status: 500 })).toBeUndefined();
  });

  test("a request assigned to an experiment in its first hours is kept at full rate; an old experiment's is sampled", () => {
    const young = setup({ rate: RATE });
    const context = { id: droppedUnit };
    const event = young.events.startEvent(context);
    young.client.isOn("checkout", context);
    expect(event.end({ status: 200 })).toMatchObject({ assignments: { checkout: expect.any(String) } });
    const old = setup({ rate: RATE, experimentStarts: { "checkout-exp": "2020-01-01T00:00:00Z" } });
    const oldContext = { id: droppedUnit };
    const oldEvent = old.events.startEvent(oldContext);
    old.client.isOn("checkout", oldContext);
    expect(oldEvent.end({ status: 200 })).toBeUndefined();
    const off = setup({ rate: RATE, experimentHours: 0 });
    const offContext = { id: droppedUnit };
    const offEvent = off.events.startEvent(offContext);
    off.client.isOn("checkout", offContext);
    expect(offEvent.end({ status: 200 })).toBeUndefined();
  });

  test("exposures are never sampled", () => {
    const { client, events, items } = setup({ rate: 1e9, experimentHours: 0 }, "experiments");
    for (const unit of [droppedUnit, droppedUnit2]) {
      const context = { id: unit };
      const event = events.startEvent(context);
      client.isOn("checkout", context);
      event.end({ status: 200 });
    }
    expect(items.map((item) => item.type)).toEqual(["exposure", "exposure"]);
  });

  test("with timeDroppedSpans, a dropped event's spans are totalled exactly if a rule keeps it: open spans end with the event", () => {
    const { events } = setup({ rate: RATE, timeDroppedSpans: true });
    const event = events.startEvent({ id: droppedUnit });
    const sql = event.startSpan("sql");
    const first = sql.end();
    expect(sql.end()).toBe(first);
    event.startSpan("sql").end();
    event.startSpan("render");
    const ended = event.end({ status: 500 });
    expect(ended?.spans?.["sql"]?.count).toBe(2);
    expect(ended?.spans?.["render"]?.count).toBe(1);
    expect(ended?.spans?.["render"]?.ms).toBeLessThanOrEqual(ended?.durationMs ?? 0);
    expect(ended?.spanTree).toBeUndefined();
  });

  test("a dropped event reads the clock once at its start, and at its end only for a slow-request rule", () => {
    const reads = vi.spyOn(clock, "now");
    try {
      // A dropped request with two spans; what its first span's `end()` returned.
      const request = (events: EventsClient) => {
        const event = events.startEvent({ id: droppedUnit });
        expect(event.sampledIn).toBe(false);
        const spanMs = event.startSpan("auth").end();
        event.span("db", () => 1);
        event.set("cart.items", 3);
        expect(event.end({ status: 200 })).toBeUndefined();
        return spanMs;
      };
      const plain = setup({ rate: RATE, experimentHours: 0 });
      reads.mockClear();
      expect(request(plain.events)).toBeNaN();
      expect(reads).toHaveBeenCalledTimes(1);
      const slow = setup({ rate: RATE, experimentHours: 0, slowMs: 60_000 });
      reads.mockClear();
      expect(request(slow.events)).toBeNaN();
      expect(reads).toHaveBeenCalledTimes(2);
      // Timed spans: two reads each, and the end's read for their totals' open spans would come only if kept.
      const timed = setup({ rate: RATE, experimentHours: 0, timeDroppedSpans: true });
      reads.mockClear();
      expect(request(timed.events)).toBeGreaterThanOrEqual(0);
      expect(reads).toHaveBeenCalledTimes(5);
    } finally {
      reads.mockRestore();
    }
  });

  test("a dropped event kept by a rule at its end has its duration, and its untimed spans counted", () => {
    const { events } = setup({ rate: RATE });
    const event = events.startEvent({ id: droppedUnit });
    event.startSpan("sql").end();
    event.startSpan("sql");
    const ended = event.end({ status: 500 });
    expect(ended?.durationMs).toBeGreaterThanOrEqual(0);
    expect(ended?.counters).toEqual({ "switchboard.spans_untimed": 2 });
    expect(ended?.spans).toBeUndefined();
    expect(wireProblems(WideEventSchema, JSON.parse(JSON.stringify(ended)), "")).toEqual([]);
  });

  test("reads the trace id of a W3C traceparent header, and nothing else", () => {
    expect(traceIdOf("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")).toBe(
      "0af7651916cd43dd8448eb211c80319c",
    );
    expect(traceIdOf("00-00000000000000000000000000000000-b7ad6b7169203331-01")).toBeUndefined();
    expect(traceIdOf("garbage")).toBeUndefined();
    expect(traceIdOf(undefined)).toBeUndefined();
  });

  test("a rate that is not a finite number ≥ 1 keeps everything rather than throwing", () => {
    expect(new Sampler({ rate: 0 }).rate).toBe(1);
    expect(new Sampler({ rate: Number.NaN }).rate).toBe(1);
    expect(new Sampler({ rate: 2.5 }).rate).toBe(2.5);
  });
});
