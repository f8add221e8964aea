/** Upper bounds (ms) of the latency histogram buckets; the last bucket counts everything slower. */
export const LATENCY_BOUNDS_MS: readonly number[] = [
  0.5, 1, 2, 3, 5, 7.5, 10, 15, 25, 50, 75, 100, 250, 500, 1000, 2500, 5000, 10_000,
];

const WINDOW_SLOTS = 11;

/** Recent figures of one pool, from the last ~10 seconds of its counters. */
export interface RecentPoolFigures {
  requestRate: number;
  errorRate: number | null;
  latencyMs: number | null;
}

/**
 * Request, error and latency counters of one pool. Recording is a few numeric writes (no allocation); a ring of
 * one-second snapshots gives recent rates without a timer per request.
 */
export class PoolStats {
  requests = 0;
  errors = 0;
  inFlight = 0;
  latencySumMs = 0;
  readonly histogram = new Float64Array(LATENCY_BOUNDS_MS.length + 1);
  private readonly ring = new Float64Array(WINDOW_SLOTS * 4);
  private ringNext = 0;
  private ringFilled = 0;

  /** Counts the end of one request that took `latencyMs`; `failed` for proxy failures and 5xx answers. */
  record(latencyMs: number, failed: boolean): void {
    this.requests++;
    if (failed) this.errors++;
    this.latencySumMs += latencyMs;
    let index = 0;
    while (index < LATENCY_BOUNDS_MS.length && latencyMs > (LATENCY_BOUNDS_MS[index] ?? 0)) index++;
    this.histogram[index] = (this.histogram[index] ?? 0) + 1;
  }

  /** Counts the end of a tunnelled upgrade (WebSocket), whose lifetime says nothing about response latency. */
  recordUpgrade(failed: boolean): void {
    this.requests++;
    if (failed) this.errors++;
  }

  /** Stores a snapshot of the counters at `nowMs`; called about once a second. */
  tick(nowMs: number): void {
    const at = this.ringNext * 4;
    this.ring[at] = nowMs;
    this.ring[at + 1] = this.requests;
    this.ring[at + 2] = this.errors;
    this.ring[at + 3] = this.latencySumMs;
    this.ringNext = (this.ringNext + 1) % WINDOW_SLOTS;
    this.ringFilled = Math.min(WINDOW_SLOTS, this.ringFilled + 1);
  }

  /** Rates between the oldest snapshot in the window and now. */
  recent(nowMs: number): RecentPoolFigures {
    const oldest = this.ringFilled < WINDOW_SLOTS ? 0 : this.ringNext;
    const at = oldest * 4;
    const since = this.ringFilled === 0 ? nowMs : (this.ring[at] ?? nowMs);
    const requests = this.requests - (this.ringFilled === 0 ? 0 : (this.ring[at + 1] ?? 0));
    const errors = this.errors - (this.ringFilled === 0 ? 0 : (this.ring[at + 2] ?? 0));
    const latency = this.latencySumMs - (this.ringFilled === 0 ? 0 : (this.ring[at + 3] ?? 0));
    const seconds = Math.max(0.001, (nowMs - since) / 1000);
    return {
      requestRate: this.ringFilled === 0 ? 0 : requests / seconds,
      errorRate: requests > 0 ? errors / requests : null,
      latencyMs: requests > 0 ? latency / requests : null,
    };
  }

  /** The latency below which `quantile` (0..1) of all recorded requests fall, as a bucket's upper bound. */
  latencyQuantileMs(quantile: number): number | null {
    if (this.requests === 0) return null;
    const wanted = quantile * this.requests;
    let seen = 0;
    for (let index = 0; index < this.histogram.length; index++) {
      seen += this.histogram[index] ?? 0;
      if (seen >= wanted) return LATENCY_BOUNDS_MS[index] ?? Number.POSITIVE_INFINITY;
    }
    return Number.POSITIVE_INFINITY;
  }
}
