import { compileOperator } from "./compile-operator.js";
import {
  compileBooleanEquals,
  compileNumberEquals,
  compileStringEquals,
  compileStringEqualsIgnoringCase,
  matchesNull,
} from "./loose-equality.js";
import {
  ALWAYS,
  type CompileContext,
  MAX_DEPTH,
  NEVER,
  neverWithWarning,
  refuseTooDeep,
  type ValueMatcher,
} from "./matcher.js";

/** Whether an object has at least one key and only `$`-prefixed keys (an operator object like `{"$gt": 1}`). */
export function isOperatorObject(value: object): boolean {
  const keys = Object.keys(value);
  if (keys.length === 0) return false;
  for (const key of keys) {
    if (!key.startsWith("$")) return false;
  }
  return true;
}

/**
 * Compiles what a value must satisfy: a primitive (coercing equality), an array or plain object (JSON
 * equality), or an operator object (every operator must hold). `ignoreCase` applies to string conditions only.
 */
export function compileValueCondition(condition: unknown, context: CompileContext, ignoreCase = false): ValueMatcher {
  switch (typeof condition) {
    case "string":
      return ignoreCase ? compileStringEqualsIgnoringCase(condition) : compileStringEquals(condition);
    case "number":
      return compileNumberEquals(condition);
    case "boolean":
      return compileBooleanEquals(condition);
    case "object":
      if (condition === null) return matchesNull;
      if (Array.isArray(condition) || !isOperatorObject(condition)) return context.flavor.jsonEquals(condition);
      return compileOperators(condition as Record<string, unknown>, context);
    default:
      return neverWithWarning(context, `condition value ${typeof condition} is not JSON; the clause never matches`);
  }
}

function compileOperators(operators: Record<string, unknown>, context: CompileContext): ValueMatcher {
  if (context.depth > MAX_DEPTH) return refuseTooDeep(context);
  const matchers: ValueMatcher[] = [];
  for (const operator of Object.keys(operators)) {
    const matcher = compileOperator(operator, operators[operator], context);
    if (matcher === NEVER) return NEVER;
    if (matcher !== ALWAYS) matchers.push(matcher);
  }
  return allOf(matchers);
}

/** Combines matchers with AND, specialised for the common short lengths. */
export function allOf<T>(matchers: ReadonlyArray<(input: T) => boolean>): (input: T) => boolean {
  const [first, second] = matchers;
  if (first === undefined) return ALWAYS;
  if (second === undefined) return first;
  if (matchers.length === 2) return (input) => first(input) && second(input);
  return (input) => {
    for (let i = 0; i < matchers.length; i++) {
      if (!(matchers[i] as (input: T) => boolean)(input)) return false;
    }
    return true;
  };
}
