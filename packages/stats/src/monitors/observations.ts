import type { DetectorObservation } from "./detect-changes.js";
import type { PredictedBucket } from "./predict-series.js";

/**
 * Pairs a series with its prediction as detector input: bucket i is at startTime + i·bucketMs. Buckets past the end
 * of either list are left out.
 */
export function observationsOf(
  actual: readonly (number | null)[],
  predicted: readonly PredictedBucket[],
  startTime: number,
  bucketMs: number,
): DetectorObservation[] {
  const length = Math.min(actual.length, predicted.length);
  const observations: DetectorObservation[] = [];
  for (let i = 0; i < length; i++) {
    const p = predicted[i] as PredictedBucket;
    observations.push({
      time: startTime + i * bucketMs,
      actual: actual[i] ?? null,
      expected: p.expected,
      standardDeviation: p.standardDeviation,
    });
  }
  return observations;
}
