import { MAX_DEPTH } from "./clone-json.js";

/** Stands for "some saved group": a `$inGroup` whose operand is not a group name depends on every group. */
export const ANY_GROUP = "\u0000any";

/**
 * The saved groups a flag definition reads through `$inGroup` / `$notInGroup`, anywhere in it: the flags to compile
 * again when those groups change (a compiled condition holds the group's ids).
 */
export function groupReferences(definition: unknown): Set<string> {
  const found = new Set<string>();
  collect(definition, found, 0);
  return found;
}

function collect(value: unknown, found: Set<string>, depth: number): void {
  if (typeof value !== "object" || value === null || depth >= MAX_DEPTH) return;
  if (Array.isArray(value)) {
    for (const item of value) collect(item, found, depth + 1);
    return;
  }
  for (const [key, field] of Object.entries(value)) {
    if (key === "$inGroup" || key === "$notInGroup") found.add(typeof field === "string" ? field : ANY_GROUP);
    else collect(field, found, depth + 1);
  }
}
