/**
 * When each flag was last evaluated or exposed (the event store's assignments and exposures), as the debt board
 * needs it; the composition root hands in an adapter over the event store, and without one the board says so.
 */
export interface FlagActivitySource {
  /** The latest evaluation or exposure time (ISO) of each flag seen at all. */
  lastSeen(): Promise<ReadonlyMap<string, string>>;
}
