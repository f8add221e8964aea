import type { BatchResult } from "./batch-sender.js";

/** Delivery counters of a transport since it started. */
export interface EventStats {
  /** Items waiting in memory now. */
  queued: number;
  /** Items in the batch being delivered now. */
  inFlight: number;
  /** Items the server accepted. */
  sent: number;
  /** Items dropped before sending: the queue was full (oldest first) or the transport was closed. */
  dropped: number;
  /** Items given up after every attempt failed (network errors, 5xx, 429). */
  failed: number;
  /** Items the server refused for good (4xx other than 408/429). */
  rejected: number;
  /** Delivery attempts that were retried. */
  retries: number;
  batchesSent: number;
}

/** Keeps the counters and writes rate-limited log lines: at most one per kind of problem per interval. */
export class TransportLog {
  readonly stats: EventStats = {
    queued: 0,
    inFlight: 0,
    sent: 0,
    dropped: 0,
    failed: 0,
    rejected: 0,
    retries: 0,
    batchesSent: 0,
  };
  readonly #lastLogMs = new Map<string, number>();
  readonly #rejectedStatuses = new Set<number>();

  constructor(
    private readonly logger: (message: string) => void,
    private readonly intervalMs: number,
  ) {}

  /** Counts dropped items. */
  dropped(count: number, why: string): void {
    this.stats.dropped += count;
    this.#limited("dropped", () => `switchboard: dropped events because ${why} (${this.stats.dropped} in total)`);
  }

  /** Counts a retried attempt. */
  retrying(reason: string): void {
    this.stats.retries++;
    this.#limited("retry", () => `switchboard: event delivery failed (${reason}); retrying with backoff`);
  }

  /** Records how a batch ended; a refusal is logged once per status with the server's message. */
  settled(result: BatchResult, count: number): void {
    if (result.kind === "sent") {
      this.stats.sent += count;
      this.stats.batchesSent++;
    } else if (result.kind === "rejected") {
      this.stats.rejected += count;
      if (this.#rejectedStatuses.has(result.status)) return;
      this.#rejectedStatuses.add(result.status);
      this.#write(`switchboard: the server refused ${count} events (HTTP ${result.status}): ${result.message}`);
    } else {
      this.stats.failed += count;
      this.#limited(
        "failed",
        () => `switchboard: gave up on ${count} events after ${result.attempts} attempts (${result.reason})`,
      );
    }
  }

  #limited(kind: string, message: () => string): void {
    const now = Date.now();
    const last = this.#lastLogMs.get(kind);
    if (last !== undefined && now - last < this.intervalMs) return;
    this.#lastLogMs.set(kind, now);
    this.#write(message());
  }

  #write(message: string): void {
    try {
      this.logger(message);
    } catch {
      // A broken logger must not break delivery.
    }
  }
}
