import type { Attributes, Condition, SavedGroups } from "../payload/payload-types.js";

/** A condition compiled once into a closure; evaluating it never throws and allocates nothing. */
export type CompiledCondition = (attributes: Attributes) => boolean;

/**
 * Compiles a MongoDB-style condition (GrowthBook semantics) into a closure.
 * Regexes are compiled once; invalid or catastrophic-backtracking patterns make their clause evaluate to false.
 */
export function compileCondition(_condition: Condition, _savedGroups: SavedGroups = {}): CompiledCondition {
  throw new Error("compileCondition: not implemented yet");
}
