import type { FeatureDefinition, SdkPayload } from "../payload/payload-types.js";
import { compileFeature, compileSavedGroups } from "./compile-feature.js";
import type { CompileContext } from "./compile-targeting.js";
import type { FlagSet } from "./flag-set-schema.js";

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
