import type { FeatureDefinition, SdkPayload } from "@switchboard/core";

type Variations = Record<string, unknown>;

const PICS = { showImages: true, title: "Check out these pics!", imagesPerPage: 100 };
const BALLMER = { email: "ballmer@macrosoft.com" };

function variationsOf(variants: Variations): { key: string; value: unknown }[] {
  return Object.entries(variants).map(([key, value]) => ({ key, value }));
}

/** Everyone gets `variant`: an unconditional rule, which OpenFeature reports as STATIC. */
function staticFlag(variants: Variations, variant: string): FeatureDefinition {
  const value = variants[variant];
  return { defaultValue: value, variations: variationsOf(variants), rules: [{ force: value }] };
}

/** A flag switched off by its kill switch, as the flag-set compiler writes it: no rules, reason DISABLED. */
function disabledFlag(variants: Variations, variant: string): FeatureDefinition {
  return { defaultValue: variants[variant], variations: variationsOf(variants), disabled: true };
}

/** `variant` for whoever matches `condition` (TARGETING_MATCH), the default variation for everyone else (DEFAULT). */
function targetedFlag(
  variants: Variations,
  defaultVariant: string,
  condition: Record<string, unknown>,
  variant: string,
) {
  return {
    defaultValue: variants[defaultVariant],
    variations: variationsOf(variants),
    rules: [{ id: "targeted", condition, force: variants[variant] }],
  } satisfies FeatureDefinition;
}

const zeroVariants = {
  boolean: { zero: false, "non-zero": true },
  string: { zero: "", "non-zero": "str" },
  integer: { zero: 0, "non-zero": 1 },
  float: { zero: 0.0, "non-zero": 1.0 },
  object: { zero: {}, "non-zero": PICS },
};

const typedVariants = {
  boolean: [{ on: true, off: false }, "on"],
  string: [{ greeting: "hi", parting: "bye" }, "greeting"],
  integer: [{ one: 1, ten: 10 }, "ten"],
  float: [{ tenth: 0.1, half: 0.5 }, "half"],
  object: [{ empty: {}, template: PICS }, "template"],
} as const satisfies Record<string, readonly [Variations, string]>;

function buildFeatures(): Record<string, FeatureDefinition> {
  const features: Record<string, FeatureDefinition> = {};
  for (const [type, [variants, variant]] of Object.entries(typedVariants)) {
    features[`${type}-flag`] = staticFlag(variants, variant);
    features[`${type}-disabled-flag`] = disabledFlag(variants, variant);
  }
  for (const [type, variants] of Object.entries(zeroVariants)) {
    features[`${type}-zero-flag`] = staticFlag(variants, "zero");
    features[`${type}-targeted-zero-flag`] = targetedFlag(variants, "zero", BALLMER, "zero");
  }
  const internal = { internal: "INTERNAL", external: "EXTERNAL" };
  features["complex-targeted"] = targetedFlag(
    internal,
    "external",
    { ...BALLMER, customer: false, age: { $gt: 10 } },
    "internal",
  );
  features["context-aware"] = targetedFlag(
    internal,
    "external",
    { fn: "Sulisław", ln: "Świętopełk", age: 29, customer: false },
    "internal",
  );
  features["metadata-flag"] = staticFlag({ on: true, off: false }, "on");
  features["wrong-flag"] = staticFlag({ one: "uno", two: "dos" }, "one");
  return features;
}

/**
 * The flags the OpenFeature gherkin scenarios expect (their `test-flags.json` and the older `evaluation.feature`
 * set), expressed as a Switchboard payload.
 */
export const CONFORMANCE_PAYLOAD: SdkPayload = { features: buildFeatures() };
