import { conditionText, serialisesTo } from "./json-text-equality.js";
import { NEVER, type ValueMatcher } from "./matcher.js";

/*
 * GrowthBook compares array and plain-object conditions with `JSON.stringify(value) === JSON.stringify(condition)`.
 * Serialising the attribute on every evaluation allocates, so the condition is compiled instead into a tree of
 * matchers that walks the attribute in serialisation order. Values JSON would serialise specially (dates, class
 * instances, anything with `toJSON`) fall back to the literal comparison for that subtree.
 */

type JsonNode = null | boolean | number | string | JsonNode[] | { [key: string]: JsonNode };

/** Matches values whose JSON serialisation equals the condition's. */
export function compileJsonEquals(expected: unknown): ValueMatcher {
  const text = conditionText(expected);
  if (text === undefined) return NEVER;
  return compileNode(JSON.parse(text) as JsonNode, text);
}

function compileNode(expected: JsonNode, text: string): ValueMatcher {
  const shape = compileShape(expected);
  return (value) => (isSerialisedSpecially(value) ? serialisesTo(value, text) : shape(value));
}

function compileShape(expected: JsonNode): ValueMatcher {
  if (expected === null) {
    // Inside arrays, undefined, functions, symbols and non-finite numbers all serialise as null.
    return (value) =>
      value === null ||
      value === undefined ||
      typeof value === "function" ||
      typeof value === "symbol" ||
      (typeof value === "number" && !Number.isFinite(value));
  }
  if (typeof expected !== "object") return (value) => value === expected;
  if (Array.isArray(expected)) return compileArray(expected);
  return compileObject(expected);
}

function compileArray(expected: JsonNode[]): ValueMatcher {
  const items = expected.map((item) => compileNode(item, JSON.stringify(item)));
  return (value) => {
    if (!Array.isArray(value) || value.length !== items.length) return false;
    for (let i = 0; i < items.length; i++) {
      if (!(items[i] as ValueMatcher)(value[i])) return false;
    }
    return true;
  };
}

function compileObject(expected: { [key: string]: JsonNode }): ValueMatcher {
  const keys = Object.keys(expected);
  const children = keys.map((key) => compileNode(expected[key] as JsonNode, JSON.stringify(expected[key])));
  return (value) => {
    if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
    let index = 0;
    for (const key in value) {
      if (!Object.hasOwn(value, key)) continue;
      const child = (value as Record<string, unknown>)[key];
      // JSON leaves these properties out entirely.
      if (child === undefined || typeof child === "function" || typeof child === "symbol") continue;
      if (keys[index] !== key || !(children[index] as ValueMatcher)(child)) return false;
      index++;
    }
    return index === keys.length;
  };
}

function isSerialisedSpecially(value: unknown): boolean {
  if (typeof value !== "object" || value === null) return false;
  if (typeof (value as { toJSON?: unknown }).toJSON === "function") return true;
  if (Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype !== Object.prototype && prototype !== null;
}
