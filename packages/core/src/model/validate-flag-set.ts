import { Value } from "@sinclair/typebox/value";
import { ExperimentSchema, type Flag, type FlagSet, FlagSetSchema, SegmentSchema } from "./flag-set-schema.js";
import { experimentMetricProblems, metricProblems } from "./metric-checks.js";
import { MetricSchema } from "./metric-schema.js";
import { normalizeFlagSet } from "./normalize-flag-set.js";
import type { Problem } from "./problem.js";
import { isRecord } from "./problem-path.js";
import type { CheckContext } from "./rule-checks.js";
import { experimentProblems, flagProblems, segmentProblems } from "./semantic-checks.js";
import { type SoundFlag, soundFlag } from "./sound-parts.js";
import { structuralProblems } from "./structural-problems.js";

/** The outcome of validating a flag set: the value with its defaults filled, or every problem found. */
export type FlagSetValidation =
  | { ok: true; value: FlagSet; warnings: string[] }
  | { ok: false; problems: Problem[]; warnings: string[] };

/**
 * Validates a parsed flag set (from JSON or YAML) and returns a new value with its defaults filled, or every
 * problem found, each with a path like `flags["new-checkout"].environments.production.rules[2].weights`.
 * Never throws and never changes `input`.
 */
export function validateFlagSet(input: unknown): FlagSetValidation {
  const warnings: string[] = [];
  const problems = structuralProblems(FlagSetSchema, input);
  if (!isRecord(input)) return { ok: false, problems, warnings };
  // Semantic checks look at every part that has a sound shape, so one run reports everything it can.
  const context = checkContext(input, warnings);
  for (const [key, sound] of Object.entries(context.soundFlags)) {
    problems.push(...flagProblems(context, key, sound.flag, sound.rules));
  }
  for (const [name, segment] of validEntries(input["segments"], (value) => Value.Check(SegmentSchema, value))) {
    problems.push(...segmentProblems(name, segment));
  }
  for (const [key, experiment] of validEntries(input["experiments"], (value) => Value.Check(ExperimentSchema, value))) {
    problems.push(...experimentProblems(key, experiment));
    // Metric names were free labels before metrics were defined: they must resolve once the set defines metrics.
    if (isRecord(input["metrics"])) {
      problems.push(...experimentMetricProblems(key, experiment, new Set(Object.keys(input["metrics"]))));
    }
  }
  for (const [key, metric] of validEntries(input["metrics"], (value) => Value.Check(MetricSchema, value))) {
    problems.push(...metricProblems(key, metric));
  }
  if (problems.length > 0) return { ok: false, problems, warnings };
  // The shape is checked, so the clone is a FlagSet; cloning keeps the caller's object untouched.
  const value = normalizeFlagSet(Value.Clone(input) as FlagSet);
  return { ok: true, value, warnings };
}

function checkContext(
  input: Record<string, unknown>,
  warnings: string[],
): CheckContext & { soundFlags: Record<string, SoundFlag> } {
  const flags: Record<string, Flag> = {};
  const soundFlags: Record<string, SoundFlag> = {};
  for (const [key, raw] of isRecord(input["flags"]) ? Object.entries(input["flags"]) : []) {
    const sound = soundFlag(key, raw);
    if (!sound) continue;
    soundFlags[key] = sound;
    flags[key] = sound.flag;
  }
  const environments = input["environments"];
  const declared =
    Array.isArray(environments) && environments.every((name) => typeof name === "string")
      ? new Set<string>(environments)
      : undefined;
  return {
    segmentNames: new Set(isRecord(input["segments"]) ? Object.keys(input["segments"]) : []),
    flags,
    flagKeys: new Set(isRecord(input["flags"]) ? Object.keys(input["flags"]) : []),
    environments: declared,
    warnings,
    soundFlags,
  };
}

function validEntries<T>(record: unknown, isValid: (value: unknown) => value is T): [string, T][] {
  if (!isRecord(record)) return [];
  return Object.entries(record).filter((entry): entry is [string, T] => isValid(entry[1]));
}
