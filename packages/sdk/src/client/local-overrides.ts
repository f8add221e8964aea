import type { FeatureDefinition, SdkPayload } from "@switchboard/core";

/** Flag key → variation key, applied before the payload's rules. */
export type Overrides = Readonly<Record<string, string>>;

/**
 * The value a variation key stands for in a flag, in this order: the flag's `variations` list (payloads
 * compiled by Switchboard carry it); a rule's `meta[i].key` (experiments); a decimal index into the first
 * experiment rule's variations; else the key read as JSON (`"true"`, `"42"`, `"{\"a\":1}"`), else the key
 * itself as a string.
 * @example resolveOverrideValue(payload, "new-checkout", "on") // true
 */
export function resolveOverrideValue(payload: SdkPayload, flagKey: string, variation: string): unknown {
  const definition = Object.hasOwn(payload.features ?? {}, flagKey) ? payload.features?.[flagKey] : undefined;
  const listed = definition?.variations?.find((candidate) => candidate.key === variation);
  if (listed !== undefined) return listed.value;
  const fromRules = fromExperimentRules(definition, variation);
  if (fromRules.found) return fromRules.value;
  try {
    return JSON.parse(variation);
  } catch {
    return variation;
  }
}

function fromExperimentRules(
  definition: FeatureDefinition | undefined,
  variation: string,
): { found: boolean; value?: unknown } {
  const experiments = (definition?.rules ?? []).filter((rule) => Array.isArray(rule.variations));
  for (const rule of experiments) {
    const index = rule.meta?.findIndex((meta) => meta.key === variation) ?? -1;
    if (index >= 0 && index < (rule.variations?.length ?? 0)) return { found: true, value: rule.variations?.[index] };
  }
  const first = experiments[0]?.variations;
  if (first !== undefined && /^\d+$/.test(variation) && Number(variation) < first.length) {
    return { found: true, value: first[Number(variation)] };
  }
  return { found: false };
}
