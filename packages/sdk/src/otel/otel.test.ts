import {
  type Attributes,
  type Context,
  type ContextManager,
  context,
  propagation,
  ROOT_CONTEXT,
  type Span,
  type SpanContext,
  type Tracer,
  type TracerProvider,
  trace,
} from "@opentelemetry/api";
import type { SdkPayload } from "@switchboard/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient } from "../client/create-client.js";
import {
  ASSIGNMENTS_BAGGAGE_KEY,
  assignmentsFromBaggage,
  assignmentsToBaggage,
  decodeAssignments,
  encodeAssignments,
  instrumentClient,
} from "./index.js";

/** A span that keeps its events in memory. */
class RecordingSpan {
  readonly events: { name: string; attributes: Attributes | undefined }[] = [];
  spanContext(): SpanContext {
    return { traceId: "0af7651916cd43dd8448eb211c80319c", spanId: "b7ad6b7169203331", traceFlags: 1 };
  }
  addEvent(name: string, attributes?: Attributes) {
    this.events.push({ name, attributes });
    return this;
  }
  isRecording() {
    return true;
  }
  setAttribute() {
    return this;
  }
  setAttributes() {
    return this;
  }
  addLink() {
    return this;
  }
  addLinks() {
    return this;
  }
  setStatus() {
    return this;
  }
  updateName() {
    return this;
  }
  recordException() {}
  end() {}
}

class RecordingTracer implements Tracer {
  readonly spans: RecordingSpan[] = [];
  startSpan(): Span {
    const span = new RecordingSpan();
    this.spans.push(span);
    return span as unknown as Span;
  }
  startActiveSpan<F extends (span: Span) => unknown>(_name: string, ...args: unknown[]): ReturnType<F> {
    const fn = args.at(-1) as F;
    const span = this.startSpan();
    return context.with(trace.setSpan(context.active(), span), () => fn(span)) as ReturnType<F>;
  }
}

/** A synchronous context manager: enough for `context.with` in tests. */
class StackContextManager implements ContextManager {
  #stack: Context[] = [];
  active(): Context {
    return this.#stack.at(-1) ?? ROOT_CONTEXT;
  }
  with<A extends unknown[], F extends (...args: A) => ReturnType<F>>(
    ctx: Context,
    fn: F,
    thisArg?: ThisParameterType<F>,
    ...args: A
  ) {
    this.#stack.push(ctx);
    try {
      return fn.call(thisArg, ...args);
    } finally {
      this.#stack.pop();
    }
  }
  bind<T>(_context: Context, target: T): T {
    return target;
  }
  enable() {
    return this;
  }
  disable() {
    this.#stack = [];
    return this;
  }
}

const payload: SdkPayload = {
  features: {
    "new-checkout": {
      defaultValue: false,
      variations: [
        { key: "off", value: false },
        { key: "on", value: true },
      ],
      rules: [{ id: "r-jp", condition: { country: "jp" }, force: true }],
    },
    banner: { defaultValue: "hello" },
  },
};

describe("instrumentClient without a registered tracer", () => {
  it("evaluates as usual and throws nothing", () => {
    const client = createClient({ bootstrap: payload, updates: "none" });
    const stop = instrumentClient(client);
    expect(client.isOn("new-checkout", { id: "u1", country: "jp" })).toBe(true);
    stop();
  });
});

describe("instrumentClient with a tracer", () => {
  const tracer = new RecordingTracer();
  const provider: TracerProvider = { getTracer: () => tracer };
  beforeAll(() => {
    context.setGlobalContextManager(new StackContextManager());
    trace.setGlobalTracerProvider(provider);
  });
  afterAll(() => {
    trace.disable();
    context.disable();
  });

  it("adds a feature_flag.evaluation event with the semantic-convention attributes to the active span", () => {
    const client = createClient({ bootstrap: payload, updates: "none", environment: "production", logger: () => {} });
    const stop = instrumentClient(client);
    trace.getTracer("test").startActiveSpan("request", (span) => {
      client.isOn("new-checkout", { id: "u1", country: "jp" });
      client.value("banner", "", { id: 42 });
      client.isOn("missing", { id: "u1" });
      span.end();
    });
    stop();
    const events = tracer.spans.at(-1)?.events ?? [];
    expect(events.map((event) => event.name)).toEqual(Array(3).fill("feature_flag.evaluation"));
    expect(events[0]?.attributes).toEqual({
      "feature_flag.key": "new-checkout",
      "feature_flag.provider.name": "switchboard",
      "feature_flag.result.reason": "targeting_match",
      "feature_flag.result.variant": "on",
      "feature_flag.context.id": "u1",
      "feature_flag.set.id": "production",
      "switchboard.rule_id": "r-jp",
      "switchboard.in_experiment": false,
    });
    expect(events[1]?.attributes).toMatchObject({
      "feature_flag.result.value": "hello",
      "feature_flag.context.id": "42",
    });
    expect(events[2]?.attributes).toMatchObject({
      "feature_flag.result.reason": "error",
      "error.type": "flag_not_found",
    });
  });

  it("records nothing outside a span, and nothing once stopped", () => {
    const client = createClient({ bootstrap: payload, updates: "none" });
    const stop = instrumentClient(client);
    const before = tracer.spans.length;
    client.isOn("new-checkout", { id: "u1" });
    stop();
    trace.getTracer("test").startActiveSpan("after-stop", (span) => {
      client.isOn("new-checkout", { id: "u1" });
      span.end();
    });
    expect(tracer.spans.length).toBe(before + 1);
    expect(tracer.spans.at(-1)?.events).toEqual([]);
  });
});

describe("assignments in baggage", () => {
  it("round-trips an assignment vector, separators in keys included", () => {
    const assignments = { "new-checkout": "on", "odd,key=1": "a%b", pricing: "treatment" };
    const baggage = assignmentsToBaggage(assignments);
    expect(assignmentsFromBaggage(baggage)).toEqual(assignments);
    expect(baggage.getEntry(ASSIGNMENTS_BAGGAGE_KEY)?.value).toBe(
      "new-checkout=on,odd%2Ckey%3D1=a%25b,pricing=treatment",
    );
  });

  it("keeps other baggage entries and reads the active context's baggage by default", () => {
    const existing = propagation.createBaggage({ tenant: { value: "acme" } });
    const baggage = assignmentsToBaggage({ a: "1" }, { baggage: existing });
    expect(baggage.getEntry("tenant")?.value).toBe("acme");
    expect(assignmentsFromBaggage()).toEqual({});
    expect(decodeAssignments("a=1,broken,=x,b=2")).toEqual({ a: "1", b: "2" });
  });

  it("bounds the header size by leaving out pairs that do not fit", () => {
    const many = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`flag-${i}`, `variation-${i}`]));
    const encoded = encodeAssignments(many, 512);
    expect(encodeURIComponent(encoded).length).toBeLessThanOrEqual(512);
    const kept = decodeAssignments(encoded);
    expect(Object.keys(kept).length).toBeGreaterThan(10);
    for (const [key, variation] of Object.entries(kept)) expect(many[key]).toBe(variation);
    expect(assignmentsToBaggage({}).getAllEntries()).toEqual([]);
  });
});
