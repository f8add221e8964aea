import type { FeatureDefinition, FeatureRule, SavedGroups, SdkPayload } from "../payload/payload-types.js";
import { compileRule } from "./compile-rule.js";
import { type CompileContext, compileTargeting } from "./compile-targeting.js";
import type { Flag, FlagSet } from "./flag-set-schema.js";
import { resolveEnvironment, resolveVariations } from "./normalize-flag-set.js";

/** Options of {@link compileFlagSet}. */
export interface CompileOptions {
  /**
   * Compile for clients (browsers, apps): only `clientVisible` flags, no `savedGroups`; id-list segments marked
   * `clientVisible` are inlined as `$in` when small, and a flag using any other id list is left out.
   */
  clientVisibleOnly?: boolean;
}

/**
 * Compiles one environment of a validated flag set into a GrowthBook-compatible SDK payload. Features are sorted
 * by key, so the same flag set always gives the same bytes (and the same ETag).
 * @example compileFlagSet(validated.value, "production", { clientVisibleOnly: true })
 */
export function compileFlagSet(flagSet: FlagSet, environment: string, options: CompileOptions = {}): SdkPayload {
  if (flagSet.environments && !flagSet.environments.includes(environment)) {
    throw new RangeError(`compileFlagSet: unknown environment "${environment}"`);
  }
  const context: CompileContext = {
    flags: flagSet.flags,
    segments: flagSet.segments ?? {},
    clientVisibleOnly: options.clientVisibleOnly === true,
    usedGroups: new Set(),
  };
  const features: Record<string, FeatureDefinition> = {};
  for (const key of Object.keys(flagSet.flags).sort()) {
    const flag = flagSet.flags[key];
    if (!flag || (context.clientVisibleOnly && flag.clientVisible !== true)) continue;
    const feature = compileFeature(key, flag, environment, context);
    if (feature) features[key] = feature;
  }
  const payload: SdkPayload = { features };
  const savedGroups = compileSavedGroups([...context.usedGroups].sort(), context);
  if (savedGroups) payload.savedGroups = savedGroups;
  return payload;
}

/** Compiles one flag in one environment; null when it must be left out of a client payload. */
function compileFeature(
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

function compileSavedGroups(names: string[], context: CompileContext): SavedGroups | undefined {
  if (names.length === 0) return undefined;
  const groups: SavedGroups = {};
  for (const name of names) {
    const segment = context.segments[name];
    // GrowthBook's `$inGroup` reads a saved group as a bare list of values.
    if (segment && "ids" in segment) groups[name] = [...segment.ids];
  }
  return groups;
}
