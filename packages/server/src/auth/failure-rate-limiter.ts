import type { Clock } from "../kernel/index.js";

/** Limits of a failure rate limiter. */
export interface FailureRateLimits {
  /** Failures allowed per key (a client address, a token prefix) within the window. */
  maxFailures: number;
  windowMs: number;
  /** Keys tracked at most; the quietest are forgotten first, so a flood of keys cannot exhaust memory. */
  maxKeys: number;
}

/** 20 failed attempts per minute per key, 10,000 keys. */
export const DEFAULT_FAILURE_RATE_LIMITS: FailureRateLimits = {
  maxFailures: 20,
  windowMs: 60_000,
  maxKeys: 10_000,
};

/** An in-memory sliding window of failed authentication attempts per key. */
export class FailureRateLimiter {
  readonly #failures = new Map<string, number[]>();

  constructor(
    private readonly clock: Clock,
    private readonly limits: FailureRateLimits = DEFAULT_FAILURE_RATE_LIMITS,
  ) {}

  /** Seconds until `key` is below its limit again, or 0 when it is not limited. */
  retryAfterSeconds(key: string): number {
    const recent = this.#recent(key);
    if (recent.length < this.limits.maxFailures) return 0;
    const oldest = recent[recent.length - this.limits.maxFailures] ?? this.#now();
    return Math.max(1, Math.ceil((oldest + this.limits.windowMs - this.#now()) / 1000));
  }

  /** Records one failed attempt of `key`. */
  recordFailure(key: string): void {
    const recent = this.#recent(key);
    recent.push(this.#now());
    // Re-inserting keeps the map ordered by last failure, so eviction drops the quietest key.
    this.#failures.delete(key);
    this.#failures.set(key, recent.slice(-this.limits.maxFailures));
    while (this.#failures.size > this.limits.maxKeys) {
      const oldest = this.#failures.keys().next().value;
      if (oldest === undefined) break;
      this.#failures.delete(oldest);
    }
  }

  /** Keys with failures in the window, and how many of them are at their limit. */
  counts(): { tracked: number; limited: number } {
    let limited = 0;
    for (const key of [...this.#failures.keys()]) {
      if (this.#recent(key).length >= this.limits.maxFailures) limited++;
    }
    return { tracked: this.#failures.size, limited };
  }

  #recent(key: string): number[] {
    const since = this.#now() - this.limits.windowMs;
    const recent = (this.#failures.get(key) ?? []).filter((at) => at > since);
    if (recent.length === 0) this.#failures.delete(key);
    return recent;
  }

  #now(): number {
    return this.clock.now().getTime();
  }
}
