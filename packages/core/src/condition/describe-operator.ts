import { typeOf } from "./compile-operator.js";
import { formatValue } from "./matcher.js";

const PHRASES: Record<string, (expected: unknown) => string> = {
  $eq: (expected) => `must equal ${formatValue(expected)}`,
  $ne: (expected) => `must not equal ${formatValue(expected)}`,
  $lt: (expected) => `must be less than ${formatValue(expected)}`,
  $lte: (expected) => `must be at most ${formatValue(expected)}`,
  $gt: (expected) => `must be greater than ${formatValue(expected)}`,
  $gte: (expected) => `must be at least ${formatValue(expected)}`,
  $exists: (expected) => (expected ? "must exist" : "must not exist"),
  $in: (expected) => `must be one of ${formatValue(expected)}`,
  $nin: (expected) => `must not be one of ${formatValue(expected)}`,
  $ini: (expected) => `must be one of ${formatValue(expected)} (ignoring case)`,
  $nini: (expected) => `must not be one of ${formatValue(expected)} (ignoring case)`,
  $inGroup: (expected) => `must be in saved group ${formatValue(expected)}`,
  $notInGroup: (expected) => `must not be in saved group ${formatValue(expected)}`,
  $all: (expected) => `must contain all of ${formatValue(expected)}`,
  $alli: (expected) => `must contain all of ${formatValue(expected)} (ignoring case)`,
  $not: (expected) => `must not match ${formatValue(expected)}`,
  $size: (expected) => `must have a length matching ${formatValue(expected)}`,
  $elemMatch: (expected) => `must have an element matching ${formatValue(expected)}`,
  $regex: (expected) => `must match /${String(expected)}/`,
  $regexi: (expected) => `must match /${String(expected)}/i`,
  $notRegex: (expected) => `must not match /${String(expected)}/`,
  $notRegexi: (expected) => `must not match /${String(expected)}/i`,
  $type: (expected) => `must be of type ${String(expected)}`,
  $veq: (expected) => `must be version ${formatValue(expected)}`,
  $vne: (expected) => `must not be version ${formatValue(expected)}`,
  $vgt: (expected) => `must be a version above ${formatValue(expected)}`,
  $vgte: (expected) => `must be version ${formatValue(expected)} or above`,
  $vlt: (expected) => `must be a version below ${formatValue(expected)}`,
  $vlte: (expected) => `must be version ${formatValue(expected)} or below`,
};

/** One sentence saying why `path` failed `{operator: expected}`, e.g. `age must be at least 18 (got 12)`. */
export function describeOperatorFailure(
  path: string,
  operator: string,
  expected: unknown,
  actual: unknown,
  present: boolean,
): string {
  const phrase = Object.hasOwn(PHRASES, operator) ? PHRASES[operator] : undefined;
  if (phrase === undefined) return `${path}: unknown operator "${operator}"; the clause never matches`;
  const got = operator === "$type" ? `got type ${typeOf(actual)}` : describeActual(actual, present);
  return `${path} ${phrase(expected)} (${got})`;
}

/** One sentence saying why `path` failed a plain value condition (implicit equality). */
export function describeEqualityFailure(path: string, expected: unknown, actual: unknown, present: boolean): string {
  const requirement = expected === null ? "must be null or missing" : `must equal ${formatValue(expected)}`;
  return `${path} ${requirement} (${describeActual(actual, present)})`;
}

/** `got "us"`, or `missing` when the path does not resolve. */
export function describeActual(actual: unknown, present: boolean): string {
  return present ? `got ${formatValue(actual)}` : "missing";
}
