import type { ChangeFilter } from "./config-store.js";

/** The default and the largest number of changes one `listChanges` call returns. */
export const CHANGE_LIMIT = { default: 100, max: 1000 } as const;

/** Clamps a requested change limit to the allowed range. */
export function clampChangeLimit(filter: ChangeFilter): number {
  const requested = filter.limit ?? CHANGE_LIMIT.default;
  return Math.max(1, Math.min(CHANGE_LIMIT.max, Math.floor(requested)));
}
