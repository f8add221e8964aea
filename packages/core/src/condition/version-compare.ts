import { RELATIONS } from "./loose-compare.js";
import type { ValueMatcher } from "./matcher.js";
import { toPaddedVersion } from "./version-string.js";

/** The version operators: semantic-version-aware comparisons of padded version strings. */
export type VersionOperator = "$veq" | "$vne" | "$vgt" | "$vgte" | "$vlt" | "$vlte";

const VERSION_OPERATORS: ReadonlySet<string> = new Set(["$veq", "$vne", "$vgt", "$vgte", "$vlt", "$vlte"]);

/** Whether a key names a version operator. */
export function isVersionOperator(operator: string): operator is VersionOperator {
  return VERSION_OPERATORS.has(operator);
}

/** Compiles `$vgt` and friends; the condition's version is padded once, the attribute's through a bounded memo. */
export function compileVersionComparison(operator: VersionOperator, expected: unknown): ValueMatcher {
  const target = toPaddedVersion(expected);
  // `$vgt` → `$gt`: the same relation, over padded versions.
  const relation = RELATIONS[`$${operator.slice(2)}`] as (left: string, right: string) => boolean;
  return (value) => relation(toPaddedVersion(value), target);
}
