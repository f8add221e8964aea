import type { EventMessage, WideEvent } from "@switchboard/core";
import type { Context } from "../client/client-types.js";
import { fieldPath } from "./field-path.js";
import { isoTime } from "./iso-time.js";
import { itemId } from "./random-id.js";
import { roundMs, type Span, SpanRecorder } from "./span-recorder.js";

/** The wire format version of the events this builder makes: `fields` keyed by flat dotted keys. */
export const FLAT_FIELDS_VERSION = 2;

/** How an event starts. */
export interface StartEventOptions {
  /** What kind of work: `request`, `job`, `checkout`… Default `request`. */
  name?: string;
  /** The unit; default the context's `id`. */
  unit?: string;
  /** Messages kept per event. Default 100. */
  maxMessages?: number;
  /** Span nodes kept in `spanTree` per event (totals stay exact). Default 200. */
  maxSpanNodes?: number;
}

/** How an event ends. */
export interface EndEventOptions {
  /** HTTP status or an outcome such as `ok` / `error`. */
  status?: number | string;
}

/** What the builder needs from its owner: the stamps and where a finished event goes. */
export interface EventSink {
  environment: string | undefined;
  release: string | undefined;
  finish(event: WideEvent, builder: EventBuilder): void;
}

/** One wide event being built: fields, counters, messages, spans and the assignment vector; cheap until `end()`. */
export class EventBuilder {
  readonly id = itemId();
  readonly name: string;
  readonly #startEpochMs = Date.now();
  readonly #startMs = performance.now();
  readonly #unit: string | undefined;
  readonly #maxMessages: number;
  readonly #maxSpanNodes: number;
  #fields: Record<string, unknown> | undefined;
  #counters: Record<string, number> | undefined;
  #messages: EventMessage[] | undefined;
  #assignments: Record<string, string> | undefined;
  #spans: SpanRecorder | undefined;
  #ended = false;

  constructor(
    readonly context: Context,
    options: StartEventOptions,
    private readonly sink: EventSink,
  ) {
    this.name = options.name ?? "request";
    const unit = options.unit ?? context["id"];
    this.#unit = typeof unit === "string" || typeof unit === "number" ? String(unit) : undefined;
    this.#maxMessages = options.maxMessages ?? 100;
    this.#maxSpanNodes = options.maxSpanNodes ?? 200;
  }

  /**
   * Sets a field; dotted keys nest (`set("http.route", "/a")` → `fields.http.route` once stored). On the wire (format
   * version 2) the key stays flat and the server nests it: one object with one property per key is the cheapest
   * event to build and to encode.
   */
  set(key: string, value: unknown): this {
    if (this.#ended || fieldPath(key) === null) return this;
    if (this.#fields === undefined) this.#fields = {};
    const fields = this.#fields;
    // The server applies keys in wire order, as nesting applied them in call order: a key set again moves last
    // (rare, so the delete's cost is paid only then).
    if (Object.hasOwn(fields, key)) delete fields[key];
    fields[key] = value;
    return this;
  }

  /** Adds `n` (default 1) to a counter. */
  add(name: string, n = 1): this {
    if (this.#ended) return this;
    if (this.#counters === undefined) this.#counters = {};
    const counters = this.#counters;
    counters[name] = (counters[name] ?? 0) + n;
    return this;
  }

  /** Appends a message; past the bound, messages are counted in `counters["switchboard.messages_dropped"]`. */
  message(text: string, fields?: Record<string, unknown>): this {
    if (this.#ended) return this;
    if (this.#messages === undefined) this.#messages = [];
    const messages = this.#messages;
    if (messages.length >= this.#maxMessages) return this.add("switchboard.messages_dropped");
    const message: EventMessage = { atMs: roundMs(performance.now() - this.#startMs), text };
    if (fields !== undefined) message.fields = fields;
    messages.push(message);
    return this;
  }

  /** Starts a span; its parent is the innermost span of this event still open. */
  startSpan(name: string): Span {
    // After `end()` the recorder's totals belong to the sent event: a late span is timed but recorded nowhere.
    if (this.#ended) return new SpanRecorder(0, this.#startMs).start(name);
    if (this.#spans === undefined) this.#spans = new SpanRecorder(this.#maxSpanNodes, this.#startMs);
    return this.#spans.start(name);
  }

  /** Runs `fn` inside a span that ends when it settles (also when it throws). */
  span<T>(name: string, fn: () => T | Promise<T>): Promise<T> {
    const span = this.startSpan(name);
    let result: T | Promise<T>;
    try {
      result = fn();
    } catch (error) {
      span.end();
      return Promise.reject(error);
    }
    // A synchronous `fn` ends its span at once: no async frame and no extra turn of the microtask queue.
    if (!isThenable(result)) {
      span.end();
      return Promise.resolve(result);
    }
    return endWhenSettled(span, result);
  }

  /** Records the variation a flag served during this event (the client's evaluations do this by themselves). */
  assign(flagKey: string, variation: string): void {
    if (this.#ended) return;
    if (this.#assignments === undefined) this.#assignments = {};
    this.#assignments[flagKey] = variation;
  }

  /** True once `end()` ran. */
  get ended(): boolean {
    return this.#ended;
  }

  /** Ends the event and queues it; later calls do nothing and return undefined. */
  end(options: EndEventOptions = {}): WideEvent | undefined {
    if (this.#ended) return undefined;
    const durationMs = performance.now() - this.#startMs;
    this.#spans?.endAll(durationMs);
    this.#ended = true;
    const event = this.#build(durationMs, options.status);
    this.sink.finish(event, this);
    return event;
  }

  #build(durationMs: number, status: number | string | undefined): WideEvent {
    const event: WideEvent = {
      type: "event",
      v: FLAT_FIELDS_VERSION,
      id: this.id,
      ts: isoTime(this.#startEpochMs),
      name: this.name,
    };
    if (this.#unit !== undefined) event.unit = this.#unit;
    if (this.sink.environment !== undefined) event.environment = this.sink.environment;
    if (this.sink.release !== undefined) event.release = this.sink.release;
    event.durationMs = roundMs(durationMs);
    if (status !== undefined) event.status = status;
    if (this.#assignments !== undefined) event.assignments = this.#assignments;
    if (this.#messages !== undefined) event.messages = this.#messages;
    const recorder = this.#spans;
    if (recorder !== undefined) {
      // The recorder's totals become the event's: every span is closed by now, and ending one again changes nothing.
      const totals = recorder.totals;
      for (const name in totals) {
        const total = totals[name] as { ms: number };
        total.ms = roundMs(total.ms);
      }
      event.spans = totals;
      // Without nesting the tree adds only start offsets to the totals: left out, it keeps a typical event ~20% smaller.
      if (recorder.nested) event.spanTree = recorder.tree();
    }
    if (this.#counters !== undefined) event.counters = this.#counters;
    if (this.#fields !== undefined) event.fields = this.#fields;
    return event;
  }
}

function isThenable<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
  return typeof (value as { then?: unknown } | null)?.then === "function";
}

async function endWhenSettled<T>(span: Span, pending: PromiseLike<T>): Promise<T> {
  try {
    return await pending;
  } finally {
    span.end();
  }
}
