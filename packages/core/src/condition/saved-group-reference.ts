import { compileAttributePath } from "./attribute-path.js";
import { type CompileContext, NEVER, nested, type ObjectMatcher } from "./matcher.js";
import { compileMembership } from "./membership.js";

type Entry = { type?: unknown; attributeKey?: unknown; values?: unknown; condition?: unknown };

/**
 * Compiles a `$savedGroup` reference `{id, attributeKey?}`: a list group tests one attribute against its values,
 * a condition group is compiled in place. Anything unrecognised, and any reference cycle, matches nobody.
 */
export function compileSavedGroupReference(reference: unknown, context: CompileContext): ObjectMatcher {
  if (typeof reference !== "object" || reference === null || Array.isArray(reference)) return NEVER;
  const { id, attributeKey } = reference as { id?: unknown; attributeKey?: unknown };
  if (typeof id !== "string" || context.visited.has(id)) return NEVER;
  // Falling back to the group's own attribute would silently test a different population.
  if (attributeKey !== undefined && typeof attributeKey !== "string") return NEVER;
  const entry = (context.savedGroups as Record<string, unknown>)[id];
  if (typeof entry !== "object" || entry === null || Array.isArray(entry)) return NEVER;
  const { type, values, condition } = entry as Entry;
  if (type === "list") {
    const key = attributeKey ?? (entry as Entry).attributeKey;
    if (typeof key !== "string" || !Array.isArray(values)) return NEVER;
    const read = compileAttributePath(key);
    const isIn = compileMembership(values);
    return (attributes) => isIn(read(attributes));
  }
  if (type === "condition") {
    // A condition group has no single attribute, so an attributeKey override is ignored.
    if (typeof condition !== "object" || condition === null) return NEVER;
    return compileGroupCondition(id, condition, context);
  }
  return NEVER; // a group type newer than this evaluator
}

function compileGroupCondition(id: string, condition: object, context: CompileContext): ObjectMatcher {
  const visited = new Set(context.visited).add(id);
  const cacheKey = [...visited].join("\u0000");
  const cached = context.groupCache.get(cacheKey);
  if (cached !== undefined) return cached;
  const compiled = context.compileTree(condition, nested(context, visited));
  context.groupCache.set(cacheKey, compiled);
  return compiled;
}
