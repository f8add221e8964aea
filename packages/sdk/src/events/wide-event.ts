import type { EventMessage, WideEvent } from "@switchboard/core";
import type { Context } from "../client/client-types.js";
import { clock } from "./clock.js";
import { fieldPath } from "./field-path.js";
import { isoTime } from "./iso-time.js";
import { itemId } from "./random-id.js";
import type { Sampler } from "./sampler.js";
import { roundMs, type Span, SpanNotes, SpanRecorder } from "./span-recorder.js";

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
  /** The W3C trace id the work belongs to: sampling by trace keeps or drops every event of the trace together. */
  traceId?: string;
}

/** How an event ends. */
export interface EndEventOptions {
  /** HTTP status or an outcome such as `ok` / `error`. */
  status?: number | string;
}

/** What the builder needs from its owner: the stamps, the sampler, and where a finished event goes. */
export interface EventSink {
  environment: string | undefined;
  release: string | undefined;
  sampler?: Sampler | undefined;
  /** Called once per event: with the event to send, or undefined when sampling dropped it. */
  finish(event: WideEvent | undefined, builder: EventBuilder): void;
}

/**
 * One wide event being built: fields, counters, messages, spans and the assignment vector; cheap until `end()`.
 * With sampling, the hash of its trace or unit decides at the start whether it is kept (`sampleRate` = the rate); one
 * it dropped is still recorded, so that a full-rate rule (an error, a slow request…) can keep it whole at `end()`,
 * but it gets no id or time stamp and is never built unless a rule keeps it.
 */
export class EventBuilder {
  readonly name: string;
  #id: string | undefined;
  readonly #headKept: boolean;
  readonly #startEpochMs: number;
  readonly #startMs = clock.now();
  readonly #unit: string | undefined;
  readonly #maxMessages: number;
  readonly #maxSpanNodes: number;
  #fields: Record<string, unknown> | undefined;
  #counters: Record<string, number> | undefined;
  #messages: EventMessage[] | undefined;
  #assignments: Record<string, string> | undefined;
  #spans: SpanRecorder | undefined;
  #ended = false;
  #youngExperiment = false;
  /** Key, value, key, value…: what `set` noted while sampling had dropped the event. */
  #pending: unknown[] | undefined;
  #spanNotes: SpanNotes | undefined;
  /** Spans started while sampling had dropped the event, not timed (see `SamplingOptions.timeDroppedSpans`). */
  #untimedSpans = 0;
  /** Flag, variation, flag, variation…: what `assign` noted while sampling had dropped the event. */
  #pendingAssignments: string[] | undefined;

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
    const sampler = sink.sampler;
    this.#headKept =
      sampler === undefined || sampler.keeps(sampler.byUnit ? this.#unit : (options.traceId ?? this.#unit));
    // A dropped event's time is taken only if a rule keeps it (from its end and duration): no clock read here.
    this.#startEpochMs = this.#headKept ? Date.now() : 0;
  }

  /** The event's id (unique per item, so a retried batch cannot double it). */
  get id(): string {
    if (this.#id === undefined) this.#id = itemId();
    return this.#id;
  }

  /** True when sampling kept this event at its start (always, without sampling); a full-rate rule may still keep it at `end()`. */
  get sampledIn(): boolean {
    return this.#headKept;
  }

  /** Notes that the request was assigned to an experiment: one in its first hours keeps the event at full rate. */
  inExperiment(experimentKey: string): void {
    if (this.#youngExperiment || this.#ended) return;
    if (this.sink.sampler?.isYoungExperiment(experimentKey, this.#startMs)) this.#youngExperiment = true;
  }

  /**
   * Sets a field; dotted keys nest (`set("http.route", "/a")` → `fields.http.route` once stored). On the wire (format
   * version 2) the key stays flat and the server nests it: one object with one property per key is the cheapest
   * event to build and to encode.
   */
  set(key: string, value: unknown): this {
    if (this.#ended) return this;
    if (!this.#headKept) {
      // Dropped by sampling: the pair is only noted, and becomes a field if a rule keeps the event after all.
      if (this.#pending === undefined) this.#pending = [key, value];
      else this.#pending.push(key, value);
      return this;
    }
    return this.#setField(key, value);
  }

  #setField(key: string, value: unknown): this {
    if (fieldPath(key) === null) return this;
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
    const message: EventMessage = { atMs: roundMs(clock.now() - this.#startMs), text };
    if (fields !== undefined) message.fields = fields;
    messages.push(message);
    return this;
  }

  /** Starts a span; its parent is the innermost span of this event still open. */
  startSpan(name: string): Span {
    // After `end()` the recorder's totals belong to the sent event: a late span is timed but recorded nowhere.
    if (this.#ended) return new SpanRecorder(0, this.#startMs).start(name);
    // An event sampling dropped only counts its spans, or notes their times (totalled if a rule keeps it after all).
    if (!this.#headKept) {
      if (this.sink.sampler?.timeDroppedSpans !== true) {
        this.#untimedSpans++;
        return new UntimedSpan(name);
      }
      if (this.#spanNotes === undefined) this.#spanNotes = new SpanNotes(this.#startMs);
      return this.#spanNotes.start(name);
    }
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
    if (!this.#headKept) {
      // Dropped by sampling: noted like `set`'s pairs, made the assignment vector if a rule keeps the event.
      if (this.#pendingAssignments === undefined) this.#pendingAssignments = [flagKey, variation];
      else this.#pendingAssignments.push(flagKey, variation);
      return;
    }
    if (this.#assignments === undefined) this.#assignments = {};
    this.#assignments[flagKey] = variation;
  }

  /** True once `end()` ran. */
  get ended(): boolean {
    return this.#ended;
  }

  /**
   * Ends the event and queues it; returns it, or undefined when sampling dropped it. Later calls do nothing and
   * return undefined.
   */
  end(options: EndEventOptions = {}): WideEvent | undefined {
    if (this.#ended) return undefined;
    const sampler = this.sink.sampler;
    if (sampler !== undefined && !this.#headKept) return this.#endDropped(sampler, options.status);
    const durationMs = clock.now() - this.#startMs;
    this.#spans?.endAll(durationMs);
    this.#ended = true;
    let sampleRate = 1;
    // Kept by a rule, the event was certain to be sent: it stands for itself alone, whatever its hash said.
    if (
      sampler !== undefined &&
      !sampler.keepsAtFullRate(this.name, options.status, durationMs, this.#fields, this.#youngExperiment)
    ) {
      sampleRate = sampler.rate;
    }
    const event = this.#build(durationMs, options.status, sampleRate);
    this.sink.finish(event, this);
    return event;
  }

  /**
   * Ends an event the hash dropped: sent (at full rate) only if a rule keeps it. The clock is read only when a
   * slow-request rule needs the duration or a rule keeps the event.
   */
  #endDropped(sampler: Sampler, status: number | string | undefined): WideEvent | undefined {
    this.#ended = true;
    const pending = this.#pending;
    let durationMs: number | undefined;
    let kept =
      sampler.keepsByRule(this.name, status, this.#fields, this.#youngExperiment) ||
      (pending !== undefined && sampler.keepsAnyField(pending));
    if (!kept && sampler.timesRequests) {
      durationMs = clock.now() - this.#startMs;
      kept = sampler.isSlow(durationMs);
    }
    if (!kept) {
      this.sink.finish(undefined, this);
      return undefined;
    }
    durationMs ??= clock.now() - this.#startMs;
    if (pending !== undefined) {
      this.#pending = undefined;
      for (let i = 0; i < pending.length; i += 2) this.#setField(pending[i] as string, pending[i + 1]);
    }
    const assigned = this.#pendingAssignments;
    if (assigned !== undefined) {
      this.#pendingAssignments = undefined;
      const assignments: Record<string, string> = {};
      for (let i = 0; i < assigned.length; i += 2) assignments[assigned[i] as string] = assigned[i + 1] as string;
      this.#assignments = assignments;
    }
    if (this.#untimedSpans > 0) {
      // `add` is a no-op once ended: the counter is written directly.
      if (this.#counters === undefined) this.#counters = {};
      this.#counters["switchboard.spans_untimed"] = this.#untimedSpans;
    }
    const event = this.#build(durationMs, status, 1);
    this.sink.finish(event, this);
    return event;
  }

  #build(durationMs: number, status: number | string | undefined, sampleRate: number): WideEvent {
    const startEpochMs = this.#headKept ? this.#startEpochMs : Math.round(Date.now() - durationMs);
    const event: WideEvent = {
      type: "event",
      v: FLAT_FIELDS_VERSION,
      id: this.id,
      ts: isoTime(startEpochMs),
      name: this.name,
    };
    if (sampleRate !== 1) event.sampleRate = sampleRate;
    if (this.#unit !== undefined) event.unit = this.#unit;
    if (this.sink.environment !== undefined) event.environment = this.sink.environment;
    if (this.sink.release !== undefined) event.release = this.sink.release;
    event.durationMs = roundMs(durationMs);
    if (status !== undefined) event.status = status;
    if (this.#assignments !== undefined) event.assignments = this.#assignments;
    if (this.#messages !== undefined) event.messages = this.#messages;
    const recorder = this.#spans;
    const notes = this.#spanNotes;
    if (notes !== undefined) event.spans = roundTotals(notes.totals(durationMs));
    if (recorder !== undefined) {
      // The recorder's totals become the event's: every span is closed by now, and ending one again changes nothing.
      event.spans = roundTotals(recorder.totals);
      // Without nesting the tree adds only start offsets to the totals: left out, it keeps a typical event ~20% smaller.
      if (recorder.nested) event.spanTree = recorder.tree();
    }
    if (this.#counters !== undefined) event.counters = this.#counters;
    if (this.#fields !== undefined) event.fields = this.#fields;
    return event;
  }
}

function roundTotals<T extends Record<string, { ms: number }>>(totals: T): T {
  for (const name in totals) {
    const total = totals[name] as { ms: number };
    total.ms = roundMs(total.ms);
  }
  return totals;
}

/** A span of an event sampling dropped, counted but not timed: `end()` reads no clock and returns NaN. */
class UntimedSpan implements Span {
  constructor(readonly name: string) {}

  end(): number {
    return Number.NaN;
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
