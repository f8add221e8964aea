import { setTimeout as sleep } from "node:timers/promises";
import type { Clock } from "../kernel/index.js";
import { AppError } from "../kernel/index.js";
import { DEFAULT_FAILURE_RATE_LIMITS, FailureRateLimiter, type FailureRateLimits } from "./failure-rate-limiter.js";
import { GlobalFailureBudget } from "./global-failure-budget.js";
import { visibleTokenPrefix } from "./token-secret.js";

/** How failed authentications are limited and slowed down. */
export interface FailureGuardLimits extends FailureRateLimits {
  /** Failures per window over all clients before every further failure is answered `failureDelayMs` late. */
  globalFailureBudget: number;
  failureDelayMs: number;
  /** Late answers held at once at most; beyond it failures are answered at once, so guessing cannot exhaust sockets. */
  maxDelayedAnswers: number;
}

/** 20 failures per minute per address and per token prefix; past 100 failures a minute overall, 1 s late answers. */
export const DEFAULT_FAILURE_GUARD_LIMITS: FailureGuardLimits = {
  ...DEFAULT_FAILURE_RATE_LIMITS,
  globalFailureBudget: 100,
  failureDelayMs: 1_000,
  maxDelayedAnswers: 256,
};

/** The state of the failure limits, for `/metrics`. */
export interface AuthFailureStats {
  failuresInWindow: number;
  globalFailureBudget: number;
  delayedTotal: number;
  rateLimitedTotal: number;
  trackedAddresses: number;
  limitedAddresses: number;
  trackedPrefixes: number;
  limitedPrefixes: number;
}

/**
 * Answers failed authentications: counted per client address, per presented-token prefix and overall. Only
 * failures are counted and only failing requests are refused or slowed, so a valid token always gets in.
 */
export class FailureGuard {
  readonly #addresses: FailureRateLimiter;
  readonly #prefixes: FailureRateLimiter;
  readonly #global: GlobalFailureBudget;
  #delayedNow = 0;
  #delayedTotal = 0;
  #rateLimitedTotal = 0;

  constructor(
    clock: Clock,
    private readonly limits: FailureGuardLimits = DEFAULT_FAILURE_GUARD_LIMITS,
  ) {
    this.#addresses = new FailureRateLimiter(clock, limits);
    this.#prefixes = new FailureRateLimiter(clock, limits);
    this.#global = new GlobalFailureBudget(clock, limits.windowMs, limits.globalFailureBudget);
  }

  /** Records a failure of `secret` from `clientAddress` and throws UNAUTHENTICATED or RATE_LIMITED, late if due. */
  async refuse(secret: string, clientAddress: string, reason: "unknown" | "revoked"): Promise<never> {
    const prefix = visibleTokenPrefix(secret);
    // Measured before this failure counts, so exactly `maxFailures` failures are answered 401 in a window.
    const retryAfterSeconds = Math.max(
      this.#addresses.retryAfterSeconds(clientAddress),
      this.#prefixes.retryAfterSeconds(prefix),
    );
    this.#addresses.recordFailure(clientAddress);
    this.#prefixes.recordFailure(prefix);
    const overBudget = this.#global.recordFailure();
    if (overBudget || retryAfterSeconds > 0) await this.#answerLate();
    if (retryAfterSeconds > 0) {
      this.#rateLimitedTotal++;
      throw new AppError(
        "RATE_LIMITED",
        `Too many failed authentication attempts; try again in ${retryAfterSeconds} s.`,
        [],
        { retryAfterSeconds },
      );
    }
    throw new AppError(
      "UNAUTHENTICATED",
      reason === "revoked"
        ? "This token has been revoked."
        : "The token is not valid. Send Authorization: Bearer <token>.",
    );
  }

  /** Counts for `/metrics`. */
  stats(): AuthFailureStats {
    const addresses = this.#addresses.counts();
    const prefixes = this.#prefixes.counts();
    return {
      failuresInWindow: this.#global.failuresInWindow(),
      globalFailureBudget: this.#global.budget,
      delayedTotal: this.#delayedTotal,
      rateLimitedTotal: this.#rateLimitedTotal,
      trackedAddresses: addresses.tracked,
      limitedAddresses: addresses.limited,
      trackedPrefixes: prefixes.tracked,
      limitedPrefixes: prefixes.limited,
    };
  }

  async #answerLate(): Promise<void> {
    if (this.#delayedNow >= this.limits.maxDelayedAnswers || this.limits.failureDelayMs <= 0) return;
    this.#delayedNow++;
    this.#delayedTotal++;
    try {
      await sleep(this.limits.failureDelayMs);
    } finally {
      this.#delayedNow--;
    }
  }
}
