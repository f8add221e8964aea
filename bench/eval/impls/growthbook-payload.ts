import type { LoadFlag } from "../eval-impl.js";
import { W1, W2, W3, type WorkloadId } from "../workloads.js";

/** A GrowthBook-format feature definition (the shape both GrowthBook and Switchboard read). */
export type GrowthBookFeature = { defaultValue: unknown; rules?: Record<string, unknown>[] };

/** The GrowthBook-format payload of one workload. */
export function growthBookWorkloadPayload(
  workload: WorkloadId,
  allowList: readonly string[],
): { features: Record<string, GrowthBookFeature> } {
  switch (workload) {
    case "w1":
      return { features: { [W1.flagKey]: { defaultValue: true } } };
    case "w2":
      return { features: { [W2.flagKey]: jpMacFeature(W2.country) } };
    case "w3":
      return { features: { [W3.flagKey]: abcFeature(allowList) } };
  }
}

/** The GrowthBook-format wire text of the load payload. */
export function growthBookLoadPayloadText(flags: readonly LoadFlag[]): string {
  const features: Record<string, GrowthBookFeature> = {};
  for (const flag of flags) features[flag.key] = jpMacFeature(flag.country);
  return JSON.stringify({ features });
}

function jpMacFeature(country: string): GrowthBookFeature {
  return {
    defaultValue: false,
    rules: [
      { id: W2.ruleId, condition: { country, os: W2.os }, force: true, coverage: W2.coverage, hashAttribute: "id" },
    ],
  };
}

function abcFeature(allowList: readonly string[]): GrowthBookFeature {
  return {
    defaultValue: W3.variations[0],
    rules: [
      { id: "allow", condition: { id: { $in: [...allowList] } }, force: W3.allowListedVariation },
      {
        id: W3.experimentKey,
        key: W3.experimentKey,
        variations: [...W3.variations],
        weights: [...W3.weights],
        hashAttribute: "id",
        seed: W3.seed,
        hashVersion: 2,
      },
    ],
  };
}
