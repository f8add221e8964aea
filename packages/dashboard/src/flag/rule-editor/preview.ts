import type { Flag, Segment } from "@switchboard/core";
import { compileFlagSet, createEvaluator, formatProblem, validateFlagSet } from "@switchboard/core";
import type { SampleContext } from "./sample-contexts.js";

/** What one sample unit is served: the variation key (null when unknown) and the rule that decided ("" = none). */
export interface PreviewRow {
  variation: string | null;
  ruleId: string;
}

/** The preview, or why there is none (the edited rules do not validate). */
export type Preview = { ok: true; rows: PreviewRow[] } | { ok: false; problem: string };

/** Everything the preview evaluates: the flag as stored, the edited rules of one environment, segments, units. */
export interface PreviewInput {
  flagKey: string;
  flag: Flag;
  environment: string;
  rules: unknown;
  segments: Readonly<Record<string, Segment>>;
  contexts: readonly SampleContext[];
}

/**
 * Who gets what: the flag with the edited rules in place is validated, compiled and evaluated by the same core
 * code the SDKs run, once per sample unit.
 */
export function previewAssignments(input: PreviewInput): Preview {
  const { flagKey, flag, environment } = input;
  if (!Array.isArray(input.rules)) return { ok: false, problem: "the rules are not a JSON list" };
  const env = { ...flag.environments?.[environment], rules: input.rules };
  const candidate = { ...flag, environments: { ...flag.environments, [environment]: env } };
  const validated = validateFlagSet({ version: 1, segments: input.segments, flags: { [flagKey]: candidate } });
  if (!validated.ok) {
    const first = validated.problems[0];
    return { ok: false, problem: first === undefined ? "the rules are not valid" : formatProblem(first) };
  }
  const evaluator = createEvaluator(compileFlagSet(validated.value, environment));
  const rows = input.contexts.map((attributes) => {
    const result = evaluator.evaluate(flagKey, { attributes });
    return { variation: result.variationKey, ruleId: result.ruleId };
  });
  return { ok: true, rows };
}

/** How many sample units get each variation, in the order of `variations`, then any other key seen. */
export function tally(rows: readonly PreviewRow[], variations: readonly string[]): [string, number][] {
  const counts = new Map<string, number>(variations.map((v) => [v, 0]));
  for (const row of rows) {
    const key = row.variation ?? "?";
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts.entries()];
}
