import type { SavedGroups } from "../payload/payload-types.js";
import type { ValueMatcher } from "./matcher.js";

/** Lists longer than this are searched through a `Set`; shorter ones are scanned, which is faster for them. */
export const SET_THRESHOLD = 8;

type Contains = (candidate: unknown) => boolean;

/**
 * Compiles GrowthBook's `isIn`: the value is in the list, or, when the value is an array, the two intersect.
 * Case-insensitive matching lower-cases strings on both sides and compares with `===`.
 */
export function compileMembership(list: readonly unknown[], ignoreCase = false): ValueMatcher {
  if (!ignoreCase && list.length > SET_THRESHOLD) return compileSetMembership(new Set(list));
  const contains = ignoreCase ? compileContainsIgnoringCase(list) : compileContains(list);
  return (value) => {
    if (!Array.isArray(value)) return contains(value);
    for (let i = 0; i < value.length; i++) {
      if (contains(value[i])) return true;
    }
    return false;
  };
}

// Large allow-lists are the hot case (one per targeted rule, thousands of ids): one closure, no inner call.
function compileSetMembership(set: ReadonlySet<unknown>): ValueMatcher {
  return (value) => {
    if (!Array.isArray(value)) return set.has(value);
    for (let i = 0; i < value.length; i++) {
      if (set.has(value[i])) return true;
    }
    return false;
  };
}

// `includes` and `Set#has` both use SameValueZero, so the two strategies agree on every value.
function compileContains(list: readonly unknown[]): Contains {
  const items = list.slice();
  return (candidate) => items.includes(candidate);
}

function compileContainsIgnoringCase(list: readonly unknown[]): Contains {
  const folded = list.map(foldCase);
  // `===` (not SameValueZero) is the semantics here; they differ only for NaN, which the guard excludes.
  const set = folded.length > SET_THRESHOLD ? new Set(folded) : undefined;
  return (candidate) => {
    const key = foldCase(candidate);
    return set !== undefined ? !Number.isNaN(key) && set.has(key) : folded.indexOf(key) !== -1;
  };
}

function foldCase(value: unknown): unknown {
  return typeof value === "string" ? value.toLowerCase() : value;
}

/**
 * The id list a `$inGroup` / `$notInGroup` refers to: a bare array (v1) or a `{type: "list", values}` entry.
 * An unknown id is an empty list; anything else (a condition group, a malformed entry) is `undefined`.
 */
export function resolveGroupList(savedGroups: SavedGroups, id: unknown): readonly unknown[] | undefined {
  // Plain property access on purpose: GrowthBook's lookup sees inherited keys, which then fail as malformed.
  const entry = (savedGroups as Record<PropertyKey, unknown>)[toPropertyKey(id)];
  if (entry === undefined) return [];
  if (Array.isArray(entry)) return entry;
  if (typeof entry === "object" && entry !== null && (entry as { type?: unknown }).type === "list") {
    const values = (entry as { values?: unknown }).values;
    return Array.isArray(values) ? values : undefined;
  }
  return undefined;
}

function toPropertyKey(id: unknown): PropertyKey {
  if (typeof id === "string" || typeof id === "number" || typeof id === "symbol") return id;
  try {
    return String(id);
  } catch {
    return "";
  }
}
