import type { Change } from "@switchboard/core";
import type { ChangeInput } from "../kernel/index.js";

/** What a change is about, for changes that are not document writes (releases, tokens, schedules, pool switches). */
export interface ChangeSubject {
  subjectKind: string;
  subjectKey: string;
  before?: unknown;
  after?: unknown;
}

export interface ChangeFilter {
  subjectKind?: string;
  subjectKey?: string;
  environment?: string;
  actor?: string;
  /** Prefix match on the action, e.g. `flag.` or `release.create`. */
  action?: string;
  /** ISO timestamps, inclusive `from`, exclusive `to`. */
  from?: string;
  to?: string;
  afterSeq?: number;
  beforeSeq?: number;
  /** Newest first unless `ascending`; default limit 100, at most 1,000. */
  limit?: number;
  ascending?: boolean;
}

/** The change log port: the append-only audit trail every write of the other ports lands in. */
export interface ChangeLog {
  /** Logs a change that is not a document write (a release, a token, a pool switch). */
  recordChange(change: ChangeInput & ChangeSubject): Promise<Change>;
  listChanges(filter?: ChangeFilter): Promise<Change[]>;
  /** The newest change's `seq`, 0 when there is none. */
  latestSeq(): Promise<number>;
}
