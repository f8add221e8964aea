import type { ChangeInput, ChangeSubject, Schedule, TokenRecord } from "./config-store.js";

/** What a change log entry says about a token: everything but the hash of its secret. */
export function publicToken(token: TokenRecord): Omit<TokenRecord, "hash"> {
  const { hash: _hash, ...rest } = token;
  return rest;
}

/** The subject of a change to schedules: the plan when there is one, else the first schedule. */
export function scheduleChangeSubject(
  schedules: readonly Schedule[],
  change: ChangeInput,
  before: unknown,
  after: unknown,
): ChangeSubject & Pick<ChangeInput, "environment"> {
  const first = schedules[0];
  return {
    environment: change.environment ?? first?.environment ?? null,
    subjectKind: "schedule",
    subjectKey: first?.planId ?? first?.id ?? "",
    before,
    after,
  };
}
