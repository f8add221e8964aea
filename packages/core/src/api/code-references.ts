/** How a reference names its flag: an SDK call, a constant or enum member holding the key, or a configured pattern. */
export type CodeReferenceKind = "call" | "constant" | "enum" | "pattern";

/** One place in a repository that uses a flag key (what `switchboard scan` finds). */
export interface CodeReferenceItem {
  flag: string;
  file: string;
  line: number;
  column?: number;
  kind: CodeReferenceKind;
  via?: string;
  text?: string;
  /** Lines a cleanup deletes at this call when the flag stays on (`on`) or off (`off`). */
  deadLines?: { on: number; off: number };
}

/** The body of `POST /code-references`: one scan of one branch, replacing the previous one of that branch. */
export interface CodeReferenceUpload {
  repository: string;
  branch: string;
  commit: string;
  /** `https://host/org/repo/blob/{commit}/{file}#L{line}`: how to link a reference. */
  urlTemplate?: string;
  references: CodeReferenceItem[];
}

/** A stored scan (`GET /code-references`): the upload and when it arrived. */
export interface CodeReferenceSet extends CodeReferenceUpload {
  uploadedAt: string;
  /** When this repository branch was first uploaded (kept across the uploads that replace it). */
  firstUploadedAt?: string;
  /** When each flag in it was first seen in this branch's uploads (kept while it stays referenced). */
  firstSeen?: Record<string, string>;
}

/** A reference as the debt board lists it: where, and a link when the repository's URL template is known. */
export interface LocatedReference extends CodeReferenceItem {
  repository: string;
  branch: string;
  commit: string;
  url: string | null;
}

/**
 * Why a flag is technical debt. `one-variation` is read from the flag's rules over its change log;
 * `one-variation-exposed` from traffic: the event store saw it serve no other variation for N days.
 */
export type DebtReason = "one-variation" | "one-variation-exposed" | "no-activity" | "dangling" | "orphan";

/** One reason a flag is a debt candidate, and since when it holds. */
export interface DebtFinding {
  reason: DebtReason;
  since: string;
  /** Plain words: "served on to everyone in every environment since 2026-11-06". */
  detail: string;
  /** For `one-variation`: the variation every environment serves (what a cleanup keeps); for `one-variation-exposed`: the only one exposed or evaluated. */
  variation?: string;
}

/** A flag (or a key only in code) on the debt board. */
export interface DebtCandidate {
  flag: string;
  /** False for a dangling key: in code but not defined. */
  defined: boolean;
  owner: string | null;
  /** The oldest `since` of its findings. */
  since: string;
  ageDays: number;
  findings: DebtFinding[];
  lastChange: { at: string; actor: string; action: string } | null;
  references: LocatedReference[];
  /** Lines the dead branches at its call sites hold (for the variation it serves; both branches when unknown). */
  removableLines: number;
}

/** `GET /debt`: candidates oldest first, and the weekly total of candidates. */
export interface DebtBoard {
  generatedAt: string;
  days: number;
  /** Whether the event store was asked for evaluations and exposures (the `no-activity` reason needs it). */
  activityKnown: boolean;
  repositories: { repository: string; branch: string; commit: string; uploadedAt: string }[];
  candidates: DebtCandidate[];
  weekly: { weekEnding: string; total: number }[];
}
