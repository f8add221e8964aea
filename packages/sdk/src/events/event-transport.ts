import type { IngestItem } from "@switchboard/core";
import type { BatchPoster } from "./batch-poster.js";
import { type BatchResult, BatchSender } from "./batch-sender.js";
import { BoundedQueue } from "./bounded-queue.js";
import { encodeItem } from "./encode-batch.js";
import { randomId } from "./random-id.js";
import { createSleeper, type Sleeper } from "./sleeper.js";
import { type EventStats, TransportLog } from "./transport-log.js";

/** Settings of the event transport; only `url` and `sdkKey` are required. */
export interface EventTransportOptions {
  /** The server's base URL; batches go to `{url}/api/v1/events`. */
  url: string;
  sdkKey: string;
  /** Items held in memory at most (besides the one batch in flight); the oldest are dropped first. Default 10,000. */
  maxQueue?: number;
  /** Items per batch; a full batch is sent at once. Default 500. */
  batchSize?: number;
  /** A partial batch is sent after this long. Default 5,000 ms. */
  flushIntervalMs?: number;
  /**
   * Gzip bodies with `CompressionStream`. Default: in browsers only; in Node, gzip costs more CPU per event than the
   * rest of the SDK together, and ingest usually sits on the same network.
   */
  compress?: boolean;
  /** Attempts per batch before it is given up. Default 8. */
  maxAttempts?: number;
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  requestTimeoutMs?: number;
  /** Longest a `close()` waits for the last batches. Default 5,000 ms. */
  closeTimeoutMs?: number;
  /** Shortest gap between two log lines about the same kind of problem. Default 60,000 ms. */
  logIntervalMs?: number;
  logger?: (message: string) => void;
  fetch?: typeof fetch;
  /** How batches are POSTed; default over `fetch`. The Node entry's clients pass one over `node:http`. */
  post?: BatchPoster;
  random?: () => number;
}

export type { EventStats } from "./transport-log.js";

/** Queues exposures and wide events and delivers them in batches; never throws into the host, never blocks it. */
export class EventTransport {
  /** Items as NDJSON lines: a queued event is one string, not a tree of objects the garbage collector must trace. */
  readonly #queue: BoundedQueue<string>;
  /** Items enqueued since the last encoding pass, encoded on the next timer turn (off the caller's stack). */
  readonly #pending: IngestItem[] = [];
  #encodeTimer: ReturnType<typeof setTimeout> | undefined;
  readonly #sender: BatchSender;
  readonly #sleeper: Sleeper;
  readonly #log: TransportLog;
  readonly #batchSize: number;
  readonly #flushIntervalMs: number;
  readonly #closeTimeoutMs: number;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #pumping: Promise<void> | undefined;
  #closed = false;

  constructor(options: EventTransportOptions) {
    this.#batchSize = Math.max(1, options.batchSize ?? 500);
    this.#queue = new BoundedQueue(Math.max(this.#batchSize, options.maxQueue ?? 10_000));
    this.#flushIntervalMs = options.flushIntervalMs ?? 5_000;
    this.#closeTimeoutMs = options.closeTimeoutMs ?? 5_000;
    this.#sleeper = createSleeper();
    this.#log = new TransportLog(
      options.logger ?? ((message) => console.warn(message)),
      options.logIntervalMs ?? 60_000,
    );
    this.#sender = new BatchSender({
      url: options.url,
      sdkKey: options.sdkKey,
      compress: options.compress ?? "document" in globalThis,
      maxAttempts: Math.max(1, options.maxAttempts ?? 8),
      requestTimeoutMs: options.requestTimeoutMs ?? 10_000,
      backoff: {
        initialMs: options.initialBackoffMs ?? 1_000,
        maxMs: options.maxBackoffMs ?? 60_000,
        random: options.random ?? Math.random,
      },
      fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
      ...(options.post === undefined ? {} : { post: options.post }),
      sleep: (ms) => this.#sleeper.sleep(ms),
    });
  }

  /** Queues one item; O(1), synchronous, and the oldest item is dropped (and counted) when the queue is full. */
  enqueue(item: IngestItem): void {
    if (this.#closed) {
      this.#log.dropped(1, "the transport is closed");
      return;
    }
    if (this.#pending.length + this.#queue.length >= this.#queue.capacity) this.#encodePending();
    if (this.#queue.length >= this.#queue.capacity) this.#push(item);
    else {
      this.#pending.push(item);
      // Encoded within a tick, the item dies young: holding objects until a batch is full gets them promoted
      // to the old generation, which costs a busy server more CPU than encoding them.
      if (this.#encodeTimer === undefined) {
        this.#encodeTimer = setTimeout(() => this.#encodePending(), 0);
        (this.#encodeTimer as { unref?: () => void }).unref?.();
      }
    }
    const queued = this.#pending.length + this.#queue.length;
    this.#log.stats.queued = queued;
    if (queued >= this.#batchSize) this.#schedule(0);
    else if (this.#timer === undefined) this.#schedule(this.#flushIntervalMs);
  }

  /** Counters since start: sent, dropped, failed, rejected, retries, and what waits now. */
  eventStats(): EventStats {
    return { ...this.#log.stats, queued: this.#pending.length + this.#queue.length };
  }

  /** Sends everything queued now; resolves when it is delivered or given up. Never rejects. */
  flush(): Promise<void> {
    this.#clearTimer();
    return this.#pump();
  }

  /** Stops accepting items and flushes what is queued, waiting at most `closeTimeoutMs`; pending backoffs are cut short. */
  async close(): Promise<void> {
    if (this.#closed) return this.#pumping ?? Promise.resolve();
    this.#closed = true;
    this.#clearTimer();
    let deadline: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<void>((resolve) => {
      deadline = setTimeout(resolve, this.#closeTimeoutMs);
    });
    // Closing means "last chance": retries stop waiting out their backoff.
    this.#sleeper.hurry();
    await Promise.race([this.#pump(), timeout]);
    clearTimeout(deadline);
  }

  #encodePending(): void {
    if (this.#encodeTimer !== undefined) clearTimeout(this.#encodeTimer);
    this.#encodeTimer = undefined;
    const pending = this.#pending;
    for (let i = 0; i < pending.length; i++) this.#push(pending[i] as IngestItem);
    pending.length = 0;
  }

  #push(item: IngestItem): void {
    const line = encodeItem(item);
    if (line === undefined) this.#log.dropped(1, "an item could not be encoded as JSON");
    else if (this.#queue.push(line)) this.#log.dropped(1, "the queue is full");
  }

  #schedule(delayMs: number): void {
    if (this.#timer !== undefined && delayMs > 0) return;
    this.#clearTimer();
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      void this.#pump(delayMs > 0);
    }, delayMs);
    // A pending flush must not keep a Node process alive; exit flushing is a separate, explicit hook.
    (this.#timer as { unref?: () => void }).unref?.();
  }

  #clearTimer(): void {
    if (this.#timer === undefined) return;
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /** Sends full batches, and with `all` the partial last one too; one batch in flight at a time. */
  #pump(all = true): Promise<void> {
    if (this.#pumping !== undefined) {
      return this.#pumping.then(() => (this.#pending.length + this.#queue.length > 0 ? this.#pump(all) : undefined));
    }
    this.#pumping = this.#drain(all).finally(() => {
      this.#pumping = undefined;
      // A partial batch left behind waits for the interval rather than going out small.
      if (this.#queue.length > 0 && !this.#closed) this.#schedule(this.#flushIntervalMs);
    });
    return this.#pumping;
  }

  async #drain(all: boolean): Promise<void> {
    this.#encodePending();
    while (this.#queue.length >= this.#batchSize || (all && this.#queue.length > 0)) {
      const items = this.#queue.take(this.#batchSize);
      this.#log.stats.inFlight = items.length;
      let result: BatchResult;
      try {
        result = await this.#sender.send(randomId(), items, (reason) => this.#log.retrying(reason));
      } catch (error: unknown) {
        result = { kind: "failed", attempts: 0, reason: String(error) };
      }
      this.#log.settled(result, items.length);
      this.#log.stats.inFlight = 0;
      if (this.#closed) this.#sleeper.hurry();
      this.#encodePending();
    }
  }
}
