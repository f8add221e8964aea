import type { ObjectMatcher, ValueMatcher } from "./matcher.js";

/** One `attribute: "text"` clause of a condition: a top-level key compared with a string. */
export interface FieldEquality {
  readonly key: string;
  readonly expected: string;
  /** The clause's exact value matcher, which answers every value that is not a string. */
  readonly matches: ValueMatcher;
}

type Indexable = Record<string, unknown>;

/*
 * Why this exists: `{country: "jp", os: "macOS"}` is the commonest targeting shape, and the general path runs it
 * through a closure per clause and one shared path reader. That reader sees every attribute name in the program,
 * so its property lookups go megamorphic. Here each clause reads at its own site in straight-line code, which the
 * JIT turns into plain field loads. Semantics are the general path's, step for step: a missing key reads as `null`
 * (`in`, so inherited properties count), a string is compared directly, anything else goes to the clause's own
 * matcher, and the clauses run in order and stop at the first that fails.
 */

/**
 * Compiles a condition whose every clause is a top-level string equality into one closure, specialised for up to
 * three clauses; `general` (the same condition compiled the general way) answers targets that are not objects.
 */
export function compileFieldEquality(fields: readonly FieldEquality[], general: ObjectMatcher): ObjectMatcher {
  const [a, b, c] = fields;
  if (a === undefined || fields.length > 3) return general;
  const { key: ka, expected: ea, matches: ma } = a;
  if (b === undefined) {
    return (target) => {
      if (typeof target !== "object" || target === null) return general(target);
      const t = target as Indexable;
      const va = ka in t ? t[ka] : null;
      return typeof va === "string" ? va === ea : ma(va);
    };
  }
  const { key: kb, expected: eb, matches: mb } = b;
  if (c === undefined) {
    return (target) => {
      if (typeof target !== "object" || target === null) return general(target);
      const t = target as Indexable;
      const va = ka in t ? t[ka] : null;
      if (typeof va === "string" ? va !== ea : !ma(va)) return false;
      const vb = kb in t ? t[kb] : null;
      return typeof vb === "string" ? vb === eb : mb(vb);
    };
  }
  const { key: kc, expected: ec, matches: mc } = c;
  return (target) => {
    if (typeof target !== "object" || target === null) return general(target);
    const t = target as Indexable;
    const va = ka in t ? t[ka] : null;
    if (typeof va === "string" ? va !== ea : !ma(va)) return false;
    const vb = kb in t ? t[kb] : null;
    if (typeof vb === "string" ? vb !== eb : !mb(vb)) return false;
    const vc = kc in t ? t[kc] : null;
    return typeof vc === "string" ? vc === ec : mc(vc);
  };
}
