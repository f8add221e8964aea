import type { TSchema } from "@sinclair/typebox";
import { Value } from "@sinclair/typebox/value";
import { type Flag, FlagSchema } from "./flag-set-schema.js";
import { normalizeFlag } from "./normalize-flag-set.js";
import { isRecord } from "./problem-path.js";
import { type Rule, RuleSchema } from "./rule-schema.js";

/** A flag whose shape is sound once unknown fields and broken rules are set aside, with the rules that are sound. */
export interface SoundFlag {
  /** The flag with its defaults filled and without rules. */
  flag: Flag;
  /** Per environment, each rule at its original index, or undefined where its shape is broken. */
  rules: Record<string, (Rule | undefined)[]>;
}

/**
 * Salvages what semantic checks can look at from a flag that may have structural problems (already reported):
 * unknown fields are dropped and broken rules skipped, so one typo does not hide every other problem.
 */
export function soundFlag(key: string, raw: unknown): SoundFlag | undefined {
  const cleaned: unknown = Value.Clean(FlagSchema, Value.Clone(raw));
  if (!isRecord(cleaned)) return undefined;
  const rules: Record<string, (Rule | undefined)[]> = {};
  const environments = cleaned["environments"];
  if (isRecord(environments)) {
    for (const [name, environment] of Object.entries(environments)) {
      if (!isRecord(environment) || !Array.isArray(environment["rules"])) continue;
      rules[name] = environment["rules"].map(soundRule);
      delete environment["rules"];
    }
  }
  if (!Value.Check(FlagSchema, cleaned)) return undefined;
  return { flag: normalizeFlag(key, cleaned), rules };
}

function soundRule(raw: unknown): Rule | undefined {
  if (!isRecord(raw)) return undefined;
  // Value.Clean leaves unions alone, so clean with the variant the rule's kind names.
  const variant = (RuleSchema.anyOf as TSchema[]).find((schema) => schema["properties"]?.kind?.const === raw["kind"]);
  const cleaned: unknown = variant ? Value.Clean(variant, raw) : raw;
  return Value.Check(RuleSchema, cleaned) ? cleaned : undefined;
}
