import type { CustomerExposureSpan } from "@switchboard/core";

/** One exposure as the timeline needs it (the events package's `UnitExposure`). */
export interface TimelineExposure {
  ts: string;
  environment: string;
  flag: string;
  variation: string;
  ruleId: string;
  experiment: string | null;
  release: string | null;
}

/**
 * Folds a unit's exposures (oldest first) into stretches: per environment and flag, consecutive exposures with the
 * same variation, rule and release make one stretch, which ends when the next different one starts. Newest first.
 */
export function exposureTimeline(exposures: readonly TimelineExposure[]): CustomerExposureSpan[] {
  const open = new Map<string, CustomerExposureSpan>();
  const spans: CustomerExposureSpan[] = [];
  for (const exposure of exposures) {
    const key = `${exposure.environment}\u0000${exposure.flag}`;
    const current = open.get(key);
    if (
      current !== undefined &&
      current.variation === exposure.variation &&
      current.ruleId === exposure.ruleId &&
      current.release === exposure.release
    ) {
      current.lastSeenAt = exposure.ts;
      current.exposures += 1;
      continue;
    }
    if (current !== undefined) current.endedAt = exposure.ts;
    const span: CustomerExposureSpan = {
      environment: exposure.environment,
      flag: exposure.flag,
      variation: exposure.variation,
      ruleId: exposure.ruleId,
      experiment: exposure.experiment,
      release: exposure.release,
      startedAt: exposure.ts,
      endedAt: null,
      lastSeenAt: exposure.ts,
      exposures: 1,
    };
    open.set(key, span);
    spans.push(span);
  }
  return spans.reverse();
}

/** The variation of each flag the timeline says the unit was being served in `environment` at `atMs`. */
export function variationsAt(
  timeline: readonly CustomerExposureSpan[],
  environment: string,
  atMs: number,
): Record<string, string> {
  const result: Record<string, string> = {};
  for (const span of timeline) {
    if (span.environment !== environment || Date.parse(span.startedAt) > atMs) continue;
    if (span.endedAt !== null && Date.parse(span.endedAt) <= atMs) continue;
    result[span.flag] = span.variation;
  }
  return result;
}
