import type { FeatureDefinition, FeatureRule, SavedGroups } from "../payload/payload-types.js";
import { compileRule } from "./compile-rule.js";
import { type CompileContext, compileTargeting } from "./compile-targeting.js";
import type { Flag } from "./flag-set-schema.js";
import { resolveEnvironment, resolveVariations } from "./normalize-flag-set.js";

/** Compiles one flag in one environment; null when it must be left out of a client payload. */
export function compileFeature(
  key: string,
  flag: Flag,
  environmentName: string,
  context: CompileContext,
): FeatureDefinition | null {
  const variations = resolveVariations(flag);
  const raw = flag.environments?.[environmentName];
  const environment = raw ? resolveEnvironment(key, raw) : undefined;
  const defaultKey = environment?.defaultVariation ?? flag.defaultVariation;
  const defaultVariation = variations.find((variation) => variation.key === defaultKey);
  if (!defaultVariation) throw new Error(`compileFlagSet: unknown variation "${defaultKey}" of "${key}"`);
  // The extension lets our evaluator name the variation it served; GrowthBook SDKs ignore unknown fields.
  const extension = { variations: variations.map(({ key: variationKey, value }) => ({ key: variationKey, value })) };
  if (environment && !environment.enabled) {
    return { defaultValue: defaultVariation.value, disabled: true, ...extension };
  }
  const rules: FeatureRule[] = [];
  for (const rule of environment?.rules ?? []) {
    const targeting = compileTargeting(rule, context);
    if (targeting === "omit") return null;
    rules.push(compileRule(rule, variations, targeting));
  }
  const feature: FeatureDefinition = { defaultValue: defaultVariation.value };
  if (rules.length > 0) feature.rules = rules;
  return { ...feature, ...extension };
}

/** The `savedGroups` of a payload: each used id-list segment as a bare list of ids (undefined when none is used). */
export function compileSavedGroups(names: readonly string[], context: CompileContext): SavedGroups | undefined {
  if (names.length === 0) return undefined;
  const groups: SavedGroups = {};
  for (const name of names) {
    const segment = context.segments[name];
    // GrowthBook's `$inGroup` reads a saved group as a bare list of values.
    if (segment && "ids" in segment) groups[name] = [...segment.ids];
  }
  return groups;
}
