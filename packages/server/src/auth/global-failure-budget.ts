import type { Clock } from "../kernel/index.js";

/** Counts failed authentications over all clients in a sliding window of one-second buckets. */
export class GlobalFailureBudget {
  readonly #buckets = new Map<number, number>();

  constructor(
    private readonly clock: Clock,
    private readonly windowMs: number,
    /** Failures per window before every further failure is answered late. */
    readonly budget: number,
  ) {}

  /** Records one failure; true when the budget of the window is spent. */
  recordFailure(): boolean {
    const second = this.#second();
    this.#buckets.set(second, (this.#buckets.get(second) ?? 0) + 1);
    return this.failuresInWindow() > this.budget;
  }

  /** Failures within the window, over all clients. */
  failuresInWindow(): number {
    const oldest = this.#second() - Math.ceil(this.windowMs / 1000);
    let total = 0;
    for (const [second, count] of this.#buckets) {
      if (second <= oldest) this.#buckets.delete(second);
      else total += count;
    }
    return total;
  }

  #second(): number {
    return Math.floor(this.clock.now().getTime() / 1000);
  }
}
