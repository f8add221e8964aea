import type { Clock } from "../time/clock.js";

/** Limits of the failure rate limiter. */
export interface FailureRateLimits {
  /** Failures allowed per client address within the window. */
  maxFailures: number;
  windowMs: number;
  /** Addresses tracked at most; the oldest are forgotten first, so a flood of addresses cannot exhaust memory. */
  maxAddresses: number;
}

/** 20 failed attempts per minute per address. */
export const DEFAULT_FAILURE_RATE_LIMITS: FailureRateLimits = {
  maxFailures: 20,
  windowMs: 60_000,
  maxAddresses: 10_000,
};

/** An in-memory sliding window of failed authentication attempts per client address. */
export class FailureRateLimiter {
  readonly #failures = new Map<string, number[]>();

  constructor(
    private readonly clock: Clock,
    private readonly limits: FailureRateLimits = DEFAULT_FAILURE_RATE_LIMITS,
  ) {}

  /** Seconds until `address` may try again, or 0 when it is not limited. */
  retryAfterSeconds(address: string): number {
    const recent = this.#recent(address);
    if (recent.length < this.limits.maxFailures) return 0;
    const oldest = recent[recent.length - this.limits.maxFailures] ?? this.#now();
    return Math.max(1, Math.ceil((oldest + this.limits.windowMs - this.#now()) / 1000));
  }

  /** Records one failed attempt of `address`. */
  recordFailure(address: string): void {
    const recent = this.#recent(address);
    recent.push(this.#now());
    // Re-inserting keeps the map ordered by last failure, so eviction drops the quietest address.
    this.#failures.delete(address);
    this.#failures.set(address, recent.slice(-this.limits.maxFailures));
    while (this.#failures.size > this.limits.maxAddresses) {
      const oldest = this.#failures.keys().next().value;
      if (oldest === undefined) break;
      this.#failures.delete(oldest);
    }
  }

  #recent(address: string): number[] {
    const since = this.#now() - this.limits.windowMs;
    const recent = (this.#failures.get(address) ?? []).filter((at) => at > since);
    if (recent.length === 0) this.#failures.delete(address);
    return recent;
  }

  #now(): number {
    return this.clock.now().getTime();
  }
}
