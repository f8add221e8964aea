import type { ValueMatcher } from "./matcher.js";

/** The ordering operators, compared with JavaScript's `<`-family coercion exactly as GrowthBook does. */
export type RelationOperator = "$lt" | "$lte" | "$gt" | "$gte";

type Relation<T> = (left: T, right: T) => boolean;

const NUMERIC: Record<RelationOperator, Relation<number>> = {
  $lt: (left, right) => left < right,
  $lte: (left, right) => left <= right,
  $gt: (left, right) => left > right,
  $gte: (left, right) => left >= right,
};

const TEXTUAL: Record<RelationOperator, Relation<string>> = {
  $lt: (left, right) => left < right,
  $lte: (left, right) => left <= right,
  $gt: (left, right) => left > right,
  $gte: (left, right) => left >= right,
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
  const numeric = NUMERIC[operator];
  const textual = TEXTUAL[operator];
  const expectedNumber = toPrimitiveNumber(expected);
  if (expectedNumber === undefined) return (value) => compareCoercing(operator, value, expected);
  if (typeof expected === "string") {
    return (value) => {
      if (typeof value === "string") return textual(value, expected);
      if (typeof value === "number") return numeric(value, expectedNumber);
      const valueNumber = toPrimitiveNumber(value);
      return valueNumber === undefined
        ? compareCoercing(operator, value, expected)
        : numeric(valueNumber, expectedNumber);
    };
  }
  return (value) => {
    if (typeof value === "number") return numeric(value, expectedNumber);
    const valueNumber = toPrimitiveNumber(value);
    return valueNumber === undefined
      ? compareCoercing(operator, value, expected)
      : numeric(valueNumber, expectedNumber);
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

// The rare mixed cases (array or object operands, bigints) keep the language's own coercion, guarded because
// ToPrimitive can run user code and symbols throw.
function compareCoercing(operator: RelationOperator, value: unknown, expected: unknown): boolean {
  // biome-ignore lint/suspicious/noExplicitAny: the relational operators are applied to arbitrary values on purpose.
  const left = value as any;
  // biome-ignore lint/suspicious/noExplicitAny: as above.
  const right = expected as any;
  try {
    if (operator === "$lt") return left < right;
    if (operator === "$lte") return left <= right;
    if (operator === "$gt") return left > right;
    return left >= right;
  } catch {
    return false;
  }
}
