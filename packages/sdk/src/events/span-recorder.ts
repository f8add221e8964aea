import type { SpanNode, SpanTotal } from "@switchboard/core";

/** A started span; `end()` returns its duration in milliseconds (ending twice counts once). */
export interface Span {
  readonly name: string;
  end(): number;
}

/** A span the recorder tracks until it ends; it is also the `Span` handed to the caller (one object per span). */
export class OpenSpan implements Span {
  /** Undefined when the tree was full at start: the span still counts in the totals. */
  readonly node: SpanNode | undefined;
  ended = false;

  constructor(
    readonly name: string,
    readonly startMs: number,
    node: SpanNode | undefined,
    private readonly recorder: SpanRecorder,
  ) {
    this.node = node;
  }

  end(): number {
    return this.recorder.end(this, performance.now() - this.recorder.originMs);
  }
}

/** Span totals per name (exact) and the nesting tree (bounded); times are milliseconds since the event started. */
export class SpanRecorder {
  readonly totals: Record<string, SpanTotal> = {};
  readonly roots: SpanNode[] = [];
  /** Spans not ended yet, innermost last: a new span's parent is the innermost one still open. */
  readonly #open: OpenSpan[] = [];
  #nodes = 0;
  #nested = false;

  /** `originMs` is the event's start on the `performance.now()` clock. */
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
    const nowMs = performance.now() - this.originMs;
    const parent = this.#open[this.#open.length - 1];
    const inTree = (parent === undefined || parent.node !== undefined) && this.#nodes < this.maxNodes;
    let node: SpanNode | undefined;
    if (inTree) {
      node = { name, startMs: nowMs, ms: 0 };
      this.#nodes++;
      if (parent?.node === undefined) this.roots.push(node);
      else if (parent.node.children === undefined) parent.node.children = [node];
      else parent.node.children.push(node);
    }
    if (parent !== undefined) this.#nested = true;
    const span = new OpenSpan(name, nowMs, node, this);
    this.#open.push(span);
    return span;
  }

  /** Closes a span at `nowMs` and returns its duration. */
  end(span: OpenSpan, nowMs: number): number {
    const ms = nowMs - span.startMs;
    if (span.ended) return ms;
    span.ended = true;
    if (span.node !== undefined) span.node.ms = ms;
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
}

/** Rounds milliseconds to microseconds, the precision worth storing. */
export function roundMs(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

/** A copy of the tree with rounded times. */
export function roundTree(nodes: readonly SpanNode[]): SpanNode[] {
  return nodes.map((node) => {
    const copy: SpanNode = { name: node.name, startMs: roundMs(node.startMs), ms: roundMs(node.ms) };
    if (node.children !== undefined) copy.children = roundTree(node.children);
    return copy;
  });
}
