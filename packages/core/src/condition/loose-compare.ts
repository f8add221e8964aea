import type { ValueMatcher } from "./matcher.js";

/** The ordering operators, compared with JavaScript's `<`-family coercion exactly as GrowthBook does. */
export type RelationOperator = "$lt" | "$lte" | "$gt" | "$gte";

/** Two values of one type (numbers, strings, padded versions), or anything for the guarded coercing case. */
type Relation = <T>(left: T, right: T) => boolean;

/**
 * The relations by operator name, shared by the ordering and the version operators (`$vgt` is `$gt` over padded
 * version strings). One table, so each comparison exists once in the bundle.
 */
export const RELATIONS: Readonly<Record<string, Relation>> = {
  $lt: (left, right) => left < right,
  $lte: (left, right) => left <= right,
  $gt: (left, right) => left > right,
  $gte: (left, right) => left >= right,
  $eq: (left, right) => left === right,
  $ne: (left, right) => left !== right,
};

/** Whether a key names an ordering operator. */
export function isRelationOperator(operator: string): operator is RelationOperator {
  return operator === "$lt" || operator === "$lte" || operator === "$gt" || operator === "$gte";
}

/**
 * Compiles `value <op> expected`. Two strings compare as text; otherwise both sides become numbers
 * (`"10" > 9`, `null < 1`, `true >= 1`), so a number attribute against a string condition is still numeric.
 */
export function compileRelation(operator: RelationOperator, expected: unknown): ValueMatcher {
  const relation = RELATIONS[operator] as Relation;
  // The rare mixed cases (array or object operands, bigints) keep the language's own coercion, guarded because
  // ToPrimitive can run user code and symbols throw.
  const coercing = (value: unknown) => {
    try {
      return relation(value, expected);
    } catch {
      return false;
    }
  };
  const expectedNumber = toPrimitiveNumber(expected);
  if (expectedNumber === undefined) return coercing;
  const textual = typeof expected === "string";
  return (value) => {
    if (typeof value === "number") return relation(value, expectedNumber);
    if (textual && typeof value === "string") return relation(value, expected);
    const valueNumber = toPrimitiveNumber(value);
    return valueNumber === undefined ? coercing(value) : relation(valueNumber, expectedNumber);
  };
}

/** ToNumber for the primitives JSON can carry; `undefined` for objects, bigints and symbols. */
function toPrimitiveNumber(value: unknown): number | undefined {
  switch (typeof value) {
    case "number":
      return value;
    case "string":
      return Number(value);
    case "boolean":
      return value ? 1 : 0;
    case "undefined":
      return Number.NaN;
    case "object":
      return value === null ? 0 : undefined;
    default:
      return undefined;
  }
}
