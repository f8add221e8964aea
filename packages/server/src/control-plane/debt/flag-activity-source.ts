import type { VariationSeen } from "./exposed-variation.js";

/**
 * How each flag was evaluated or exposed (the event store's assignments and exposures), as the debt board needs
 * it; the composition root hands in an adapter over the event store, and without one the board says so.
 */
export interface FlagActivitySource {
  /** Each flag seen at all: every variation it was evaluated or exposed with, and its first and last time (ISO). */
  variationsSeen(): Promise<ReadonlyMap<string, readonly VariationSeen[]>>;
}
