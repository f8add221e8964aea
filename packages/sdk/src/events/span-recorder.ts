import type { SpanNode, SpanTotal } from "@switchboard/core";
import { clock } from "./clock.js";

// The server refuses an item nested deeper than 32 levels, and each span level is two on the wire (the node and
// its `children` array): deeper spans still count in the totals but get no node.
const MAX_TREE_DEPTH = 16;

/**
 * A started span; `end()` returns its duration in milliseconds (ending twice counts once), or NaN for a span of an
 * event sampling dropped, which is not timed (see `SamplingOptions.timeDroppedSpans`).
 */
export interface Span {
  readonly name: string;
  end(): number;
}

/** A span the recorder tracks until it ends; it is also the `Span` handed to the caller (one object per span). */
export class OpenSpan implements Span {
  ended = false;

  constructor(
    readonly name: string,
    readonly startMs: number,
    /** Its node in the recorder's tree, or -1 when the tree was full at start: the span still counts in the totals. */
    readonly node: number,
    private readonly recorder: SpanRecorder,
  ) {}

  end(): number {
    return this.recorder.end(this, clock.now() - this.recorder.originMs);
  }
}

/**
 * Span totals per name (exact) and the nesting tree (bounded); times are milliseconds since the event started.
 * The tree is kept as parallel arrays, one slot per node in start order, and turned into `SpanNode` objects only
 * when an event with nesting ends: most requests never nest, and their tree is never sent.
 */
export class SpanRecorder {
  readonly totals: Record<string, SpanTotal> = {};
  readonly #names: string[] = [];
  readonly #starts: number[] = [];
  readonly #durations: number[] = [];
  /** The parent's node, or -1 for a root; a parent always starts before its children, so it has a lower index. */
  readonly #parents: number[] = [];
  /** How many spans deep each node is (a root is 1). */
  readonly #depths: number[] = [];
  /** Spans not ended yet, innermost last: a new span's parent is the innermost one still open. */
  readonly #open: OpenSpan[] = [];
  #nested = false;

  /** `originMs` is the event's start on the `performance.now()` clock (`clock.now()`). */
  constructor(
    private readonly maxNodes: number,
    readonly originMs: number,
  ) {}

  /** True once a span started inside another: without nesting, the tree says little the totals do not. */
  get nested(): boolean {
    return this.#nested;
  }

  /** Opens a span now. */
  start(name: string): OpenSpan {
    const nowMs = clock.now() - this.originMs;
    const parent = this.#open[this.#open.length - 1];
    const depth = parent === undefined ? 1 : parent.node < 0 ? Number.POSITIVE_INFINITY : this.#depthOf(parent.node);
    let node = -1;
    if (depth <= MAX_TREE_DEPTH && this.#names.length < this.maxNodes) {
      node = this.#names.length;
      this.#names.push(name);
      this.#starts.push(nowMs);
      this.#durations.push(0);
      this.#parents.push(parent === undefined ? -1 : parent.node);
      this.#depths.push(depth);
    }
    if (parent !== undefined) this.#nested = true;
    const span = new OpenSpan(name, nowMs, node, this);
    this.#open.push(span);
    return span;
  }

  #depthOf(parentNode: number): number {
    return (this.#depths[parentNode] as number) + 1;
  }

  /** Closes a span at `nowMs` and returns its duration. */
  end(span: OpenSpan, nowMs: number): number {
    const ms = nowMs - span.startMs;
    if (span.ended) return ms;
    span.ended = true;
    if (span.node >= 0) this.#durations[span.node] = ms;
    const total = this.totals[span.name];
    if (total === undefined) this.totals[span.name] = { ms, count: 1 };
    else {
      total.ms += ms;
      total.count++;
    }
    const index = this.#open.lastIndexOf(span);
    if (index === this.#open.length - 1) this.#open.pop();
    else if (index >= 0) this.#open.splice(index, 1);
    return ms;
  }

  /** Closes every span still open (the event is ending). */
  endAll(nowMs: number): void {
    for (let i = this.#open.length - 1; i >= 0; i--) {
      const span = this.#open[i];
      if (span !== undefined) this.end(span, nowMs);
    }
  }

  /** The tree with times rounded to microseconds. */
  tree(): SpanNode[] {
    const count = this.#names.length;
    const nodes = new Array<SpanNode>(count);
    const roots: SpanNode[] = [];
    for (let i = 0; i < count; i++) {
      const node: SpanNode = {
        name: this.#names[i] as string,
        startMs: roundMs(this.#starts[i] as number),
        ms: roundMs(this.#durations[i] as number),
      };
      nodes[i] = node;
      const parent = this.#parents[i] as number;
      if (parent < 0) roots.push(node);
      else {
        const parentNode = nodes[parent] as SpanNode;
        if (parentNode.children === undefined) parentNode.children = [node];
        else parentNode.children.push(node);
      }
    }
    return roots;
  }
}

/** Rounds milliseconds to microseconds, the precision worth storing. */
export function roundMs(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

/**
 * The spans of an event that sampling dropped: names and times noted in flat lists, no tree and no totals, which
 * are worked out only if a full-rate rule keeps the event at its end (`totals`). Times are exact, so a kept event's
 * totals are the same as if it had been recorded by a `SpanRecorder`.
 */
export class SpanNotes {
  readonly #names: string[] = [];
  /** Start and end (NaN while open) of each span, in ms since the event started. */
  readonly #times: number[] = [];

  constructor(readonly originMs: number) {}

  start(name: string): Span {
    const slot = this.#names.length;
    this.#names.push(name);
    this.#times.push(clock.now() - this.originMs, Number.NaN);
    return new NotedSpan(name, slot, this);
  }

  /** Ends the span in `slot` now (once) and returns its duration. */
  end(slot: number): number {
    const start = this.#times[2 * slot] as number;
    const ended = this.#times[2 * slot + 1] as number;
    if (!Number.isNaN(ended)) return ended - start;
    const nowMs = clock.now() - this.originMs;
    this.#times[2 * slot + 1] = nowMs;
    return nowMs - start;
  }

  /** Span totals by name, spans still open ending at `endMs`. */
  totals(endMs: number): Record<string, SpanTotal> {
    const totals: Record<string, SpanTotal> = {};
    for (let slot = 0; slot < this.#names.length; slot++) {
      const name = this.#names[slot] as string;
      const ended = this.#times[2 * slot + 1] as number;
      const ms = (Number.isNaN(ended) ? endMs : ended) - (this.#times[2 * slot] as number);
      const total = totals[name];
      if (total === undefined) totals[name] = { ms, count: 1 };
      else {
        total.ms += ms;
        total.count++;
      }
    }
    return totals;
  }
}

class NotedSpan implements Span {
  constructor(
    readonly name: string,
    private readonly slot: number,
    private readonly notes: SpanNotes,
  ) {}

  end(): number {
    return this.notes.end(this.slot);
  }
}
