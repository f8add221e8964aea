/** How long to wait between reconnection attempts. */
export interface BackoffPolicy {
  initialDelayMs: number;
  maxDelayMs: number;
}

/** The default: start near the server's `retry:` hint, double per failure, never wait more than 30 s. */
export const DEFAULT_BACKOFF: BackoffPolicy = { initialDelayMs: 1_000, maxDelayMs: 30_000 };

/**
 * While the server does not answer at all (connection refused or reset: it is restarting), the client probes at
 * most this far apart, so it is back at most this long after the server is (the goal is ≤ 1 s from the server
 * answering to a change received, connect, authentication and a busy server's queue included: 0.8 s left too little).
 * A refused connection costs the server nothing (the kernel answers it), and the jitter spreads the returning fleet
 * uniformly over the whole window: 1,000 clients arrive as ~2,000 stream opens a second for half a second, each
 * answered with the one resume message the server shares between streams resuming from the same id.
 */
export const PROBE_CEILING_MS = 500;

/** How long the quick probing lasts; a server gone for longer is backed off from exponentially. */
export const QUICK_PROBE_WINDOW_MS = 120_000;

/**
 * The delay before attempt `attempt` (0-based): exponential, capped, with "equal jitter" (half fixed, half
 * random) so a fleet of clients that lost the same server does not reconnect in lockstep.
 * @example backoffDelayMs(3, DEFAULT_BACKOFF, Math.random) // between 4 and 8 seconds
 */
export function backoffDelayMs(attempt: number, policy: BackoffPolicy, random: () => number): number {
  const exponent = Math.min(Math.max(0, attempt), 30);
  const ceiling = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** exponent);
  return withEqualJitter(ceiling, random);
}

/**
 * The delay before probing a server that did not answer at all, `outageMs` after it stopped answering: between
 * half and all of `PROBE_CEILING_MS` (never above `maxDelayMs`) during the quick-probe window, `undefined` after
 * it (the caller then backs off exponentially).
 * @example probeDelayMs(5_000, DEFAULT_BACKOFF, Math.random) // between 250 and 500 ms
 */
export function probeDelayMs(outageMs: number, policy: BackoffPolicy, random: () => number): number | undefined {
  if (outageMs >= QUICK_PROBE_WINDOW_MS) return undefined;
  return withEqualJitter(Math.min(PROBE_CEILING_MS, policy.maxDelayMs), random);
}

function withEqualJitter(ceiling: number, random: () => number): number {
  const drawn = random();
  const jitter = Number.isFinite(drawn) ? Math.min(1, Math.max(0, drawn)) : 0;
  return Math.round(ceiling / 2 + (ceiling / 2) * jitter);
}
