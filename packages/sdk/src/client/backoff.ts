/** How long to wait between reconnection attempts. */
export interface BackoffPolicy {
  initialDelayMs: number;
  maxDelayMs: number;
}

/** The default: start near the server's `retry:` hint, double per failure, never wait more than 30 s. */
export const DEFAULT_BACKOFF: BackoffPolicy = { initialDelayMs: 1_000, maxDelayMs: 30_000 };

/**
 * The delay before attempt `attempt` (0-based): exponential, capped, with "equal jitter" (half fixed, half
 * random) so a fleet of clients that lost the same server does not reconnect in lockstep.
 * @example backoffDelayMs(3, DEFAULT_BACKOFF, Math.random) // between 4 and 8 seconds
 */
export function backoffDelayMs(attempt: number, policy: BackoffPolicy, random: () => number): number {
  const exponent = Math.min(Math.max(0, attempt), 30);
  const ceiling = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** exponent);
  const drawn = random();
  const jitter = Number.isFinite(drawn) ? Math.min(1, Math.max(0, drawn)) : 0;
  return Math.round(ceiling / 2 + (ceiling / 2) * jitter);
}
