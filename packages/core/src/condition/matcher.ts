import type { SavedGroups } from "../payload/payload-types.js";
import type { FieldEquality } from "./field-equality.js";

/** A compiled test of one value (an attribute, an array element, a length). */
export type ValueMatcher = (value: unknown) => boolean;

/** A compiled test of a whole object (the attributes, or an array element under `$elemMatch`). */
export type ObjectMatcher = (target: unknown) => boolean;

/**
 * How conditions compile, injected so that a bundle leaves out what its evaluator never uses: the full flavor
 * (`FULL_CONDITIONS`) checks regexes and builds the fast paths; the trusted one skips the check, the lean one the
 * fast paths too. Every flavor gives the same answers for the patterns the server accepts.
 */
export interface ConditionFlavor {
  /**
   * The backtracking check a `$regex` pattern must pass (`hasSafeStarHeight`), or `undefined` to trust patterns as
   * they are: the browser path, whose payloads the server checked on write.
   */
  readonly safePattern: ((pattern: string) => boolean) | undefined;
  /** Compiles array and object equality: `compileJsonEquals` (allocation-free) or `compileJsonText` (literal). */
  readonly jsonEquals: (expected: unknown) => ValueMatcher;
  /**
   * `compileFieldEquality`, the fast path of `{attribute: "text", …}` conditions; `undefined` leaves them to the
   * general matcher, which answers the same.
   */
  readonly fieldEquality: ((fields: readonly FieldEquality[], general: ObjectMatcher) => ObjectMatcher) | undefined;
}

/** Shared state of one compilation. */
export interface CompileContext {
  readonly savedGroups: SavedGroups;
  readonly warnings: string[] | undefined;
  /** Saved-group ids being resolved on the current path, to stop reference cycles. */
  readonly visited: ReadonlySet<string>;
  readonly depth: number;
  /** Set when nesting exceeded {@link MAX_DEPTH}; the whole condition then never matches. */
  readonly limits: { exceeded: boolean };
  /** Compiled `type: "condition"` saved groups, so a group referenced many times compiles once per path. */
  readonly groupCache: Map<string, ObjectMatcher>;
  /** The regex check and the specialisations this compilation uses. */
  readonly flavor: ConditionFlavor;
  /** Compiles a nested condition; injected so operator modules need not import the tree compiler. */
  readonly compileTree: (condition: unknown, context: CompileContext) => ObjectMatcher;
}

/** Nesting deeper than this is refused: it only appears in hostile payloads and would exhaust the stack. */
export const MAX_DEPTH = 64;

/** The warning for a condition nested deeper than {@link MAX_DEPTH}. */
export const TOO_DEEP = `condition is nested more than ${MAX_DEPTH} levels deep; it never matches`;

/**
 * Refuses a too-deep subtree. The whole condition is refused, not just the subtree, because a refused clause
 * under `$not` would otherwise turn into one that matches everyone.
 */
export function refuseTooDeep(context: CompileContext): ValueMatcher {
  if (!context.limits.exceeded) context.warnings?.push(TOO_DEEP);
  context.limits.exceeded = true;
  return NEVER;
}

/** Matches nothing; compared by identity to fold constant clauses. */
export const NEVER: ValueMatcher = () => false;

/** Matches everything; compared by identity to fold constant clauses. */
export const ALWAYS: ValueMatcher = () => true;

/** The opposite matcher; the constant ones fold into each other, so they stay comparable by identity. */
export function negate(matcher: ValueMatcher): ValueMatcher {
  if (matcher === NEVER) return ALWAYS;
  if (matcher === ALWAYS) return NEVER;
  return (value) => !matcher(value);
}

/** Records a warning (when the caller collects them) and returns {@link NEVER}. */
export function neverWithWarning(context: CompileContext, warning: string): ValueMatcher {
  context.warnings?.push(warning);
  return NEVER;
}

/** Returns a context one level deeper. */
export function nested(context: CompileContext, visited: ReadonlySet<string> = context.visited): CompileContext {
  return { ...context, depth: context.depth + 1, visited };
}

/** Short, bounded JSON-ish rendering of a condition fragment for warnings and explanations. */
export function formatValue(value: unknown, maxChars = 80): string {
  let text: string | undefined;
  try {
    text = typeof value === "bigint" || typeof value === "symbol" ? String(value) : JSON.stringify(value);
  } catch {
    text = Object.prototype.toString.call(value);
  }
  if (text === undefined) text = String(value);
  return text.length > maxChars ? `${text.slice(0, maxChars - 1)}…` : text;
}
