import type { PoolStatus, RampGuard } from "@switchboard/proxy";

/** The new pool's cumulative counters when a step began. */
export type GuardBaseline = Pick<PoolStatus, "requestsTotal" | "errorsTotal">;

/** Guard thresholds with defaults filled: at least 20 requests before the error rate counts, checks every 5 s. */
export function guardWithDefaults(input: Partial<RampGuard> | undefined): RampGuard | null {
  if (input === undefined) return null;
  return {
    maxErrorRate: input.maxErrorRate ?? null,
    maxLatencyMs: input.maxLatencyMs ?? null,
    minRequests: input.minRequests ?? 20,
    checkEverySeconds: input.checkEverySeconds ?? 5,
  };
}

/**
 * Why the guard trips for the new pool, or null while it is healthy. Counters are compared with `baseline` (read
 * when the step began) so errors of an earlier step or an earlier ramp do not count again.
 */
export function guardVerdict(
  guard: RampGuard,
  baseline: GuardBaseline | null | undefined,
  now: PoolStatus | undefined,
): string | null {
  if (now === undefined) return null;
  if (now.healthy === false) return `pool ${now.pool} is unhealthy`;
  const errorRate = stepErrorRate(guard, baseline, now);
  if (guard.maxErrorRate !== null && errorRate !== null && errorRate > guard.maxErrorRate) {
    return `error rate ${round(errorRate * 100)}% of pool ${now.pool} is above ${round(guard.maxErrorRate * 100)}%`;
  }
  if (guard.maxLatencyMs !== null && now.latencyMs !== null && now.latencyMs > guard.maxLatencyMs) {
    return `latency ${round(now.latencyMs)} ms of pool ${now.pool} is above ${guard.maxLatencyMs} ms`;
  }
  return null;
}

function stepErrorRate(guard: RampGuard, baseline: GuardBaseline | null | undefined, now: PoolStatus): number | null {
  if (now.requestsTotal !== null && now.errorsTotal !== null) {
    // Counters below the baseline mean the data plane restarted since: everything it counted is from this step.
    const restarted = (baseline?.requestsTotal ?? 0) > now.requestsTotal;
    const requests = now.requestsTotal - (restarted ? 0 : (baseline?.requestsTotal ?? 0));
    const errors = now.errorsTotal - (restarted ? 0 : (baseline?.errorsTotal ?? 0));
    if (requests < Math.max(1, guard.minRequests)) return null;
    return errors / requests;
  }
  return now.errorRate;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
