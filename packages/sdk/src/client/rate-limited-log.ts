/** A log sink that prints each kind of message at most once per interval, counting what it held back. */
export class RateLimitedLog {
  readonly #sink: (message: string) => void;
  readonly #intervalMs: number;
  readonly #nowMs: () => number;
  readonly #last = new Map<string, { atMs: number; suppressed: number }>();

  constructor(sink: (message: string) => void, nowMs: () => number, intervalMs = 60_000) {
    this.#sink = sink;
    this.#nowMs = nowMs;
    this.#intervalMs = intervalMs;
  }

  /** Logs `message` unless a message of the same `kind` was logged within the interval. */
  warn(kind: string, message: string): void {
    const now = this.#nowMs();
    const seen = this.#last.get(kind);
    if (seen !== undefined && now - seen.atMs < this.#intervalMs) {
      seen.suppressed++;
      return;
    }
    // Bounded: a host evaluating endless distinct unknown keys must not grow this map forever.
    if (seen === undefined && this.#last.size >= 1_000) this.#last.clear();
    const held = seen !== undefined && seen.suppressed > 0 ? ` (${seen.suppressed} similar messages suppressed)` : "";
    this.#last.set(kind, { atMs: now, suppressed: 0 });
    try {
      this.#sink(`[switchboard] ${message}${held}`);
    } catch {
      // A broken logger must not turn a warning into a crash of the host.
    }
  }
}
