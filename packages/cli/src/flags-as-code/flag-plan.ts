import type { Flag, Segment, ServerOwnedField, StoredDocument } from "@switchboard/core";
import { type JsonDifference, jsonDifferences } from "./json-differences.js";
import { withServerOwnedFields } from "./server-owned.js";

/** What applying the files would do to one flag. */
export type PlanEntry =
  | { key: string; op: "create"; expectedVersion: null; flag: Flag; differences: JsonDifference[] }
  | { key: string; op: "update"; expectedVersion: number; flag: Flag; differences: JsonDifference[] }
  | { key: string; op: "archive"; expectedVersion: number; differences: [] }
  | { key: string; op: "unchanged"; expectedVersion: number; differences: [] };

/** What applying the files would do to one segment. */
export type SegmentPlanEntry =
  | { key: string; op: "create"; expectedVersion: null; segment: Segment; differences: JsonDifference[] }
  | { key: string; op: "update"; expectedVersion: number; segment: Segment; differences: JsonDifference[] }
  | { key: string; op: "archive"; expectedVersion: number; differences: [] }
  | { key: string; op: "unchanged"; expectedVersion: number; differences: [] };

/** A plan: per flag and segment what would change, against the versions the server had when it was made. */
export interface FlagPlan {
  entries: PlanEntry[];
  /** Flags on the server but not in the files, left alone because `--prune` was not given. */
  unmanaged: string[];
  segments: SegmentPlanEntry[];
  /** Segments on the server but not in files that declare segments, left alone because `--prune` was not given. */
  unmanagedSegments: string[];
}

/** The segments side of a plan's input: what the files declare, and the server's. */
export interface SegmentPlanInput {
  desired: Readonly<Record<string, Segment>>;
  server: readonly StoredDocument<Segment>[];
  /** Whether the files have a `segments` section; `--prune` archives segments only then. */
  declared: boolean;
}

export interface PlanOptions {
  /** Archive flags that are on the server but in none of the files. */
  prune: boolean;
  serverOwned: readonly ServerOwnedField[];
}

/**
 * Compares the flags the files declare (validated, defaults filled) with the server's, Terraform-style: a flag
 * only in the files is created, one whose content differs is updated (with the server-owned fields kept as the
 * server has them), one only on the server is archived with `prune` and listed as unmanaged otherwise. Archived
 * flags on the server are not in play: a file that declares one gets a create, which the server refuses by name.
 */
export function planFlagSet(
  desired: Readonly<Record<string, Flag>>,
  server: readonly StoredDocument<Flag>[],
  options: PlanOptions,
  segments: SegmentPlanInput = { desired: {}, server: [], declared: false },
): FlagPlan {
  const live = new Map(server.filter((doc) => !doc.archived).map((doc) => [doc.key, doc]));
  const entries: PlanEntry[] = [];
  for (const key of Object.keys(desired).sort()) {
    const wanted = desired[key] as Flag;
    const doc = live.get(key);
    if (doc === undefined) {
      entries.push({
        key,
        op: "create",
        expectedVersion: null,
        flag: wanted,
        differences: jsonDifferences(undefined, wanted),
      });
      continue;
    }
    const flag = withServerOwnedFields(wanted, doc.body, options.serverOwned);
    const differences = jsonDifferences(doc.body, flag);
    entries.push(
      differences.length === 0
        ? { key, op: "unchanged", expectedVersion: doc.version, differences: [] }
        : { key, op: "update", expectedVersion: doc.version, flag, differences },
    );
  }
  const missing = [...live.keys()].filter((key) => desired[key] === undefined).sort();
  if (options.prune)
    for (const key of missing)
      entries.push({ key, op: "archive", expectedVersion: live.get(key)?.version ?? 0, differences: [] });
  const segmentPlan = planSegments(segments, options.prune && segments.declared);
  return { entries, unmanaged: options.prune ? [] : missing, ...segmentPlan };
}

/**
 * Segments are planned like flags, without server-owned fields: a segment only in the files is created, one whose
 * content differs is updated, one only on the server is archived when pruning (the server refuses while a flag
 * still uses it). Files without a `segments` section leave the server's segments alone even with `--prune`, so
 * flags kept in git may use segments kept in the dashboard.
 */
function planSegments(
  input: SegmentPlanInput,
  prune: boolean,
): { segments: SegmentPlanEntry[]; unmanagedSegments: string[] } {
  const live = new Map(input.server.filter((doc) => !doc.archived).map((doc) => [doc.key, doc]));
  const segments: SegmentPlanEntry[] = [];
  for (const key of Object.keys(input.desired).sort()) {
    const wanted = input.desired[key] as Segment;
    const doc = live.get(key);
    if (doc === undefined) {
      const differences = jsonDifferences(undefined, wanted);
      segments.push({ key, op: "create", expectedVersion: null, segment: wanted, differences });
      continue;
    }
    const differences = jsonDifferences(doc.body, wanted);
    segments.push(
      differences.length === 0
        ? { key, op: "unchanged", expectedVersion: doc.version, differences: [] }
        : { key, op: "update", expectedVersion: doc.version, segment: wanted, differences },
    );
  }
  const missing = [...live.keys()].filter((key) => input.desired[key] === undefined).sort();
  if (prune)
    for (const key of missing)
      segments.push({ key, op: "archive", expectedVersion: live.get(key)?.version ?? 0, differences: [] });
  // Files without segments do not manage them, so the server's are not worth a line in every plan.
  return { segments, unmanagedSegments: prune || !input.declared ? [] : missing };
}

/** One entry of the change set sent to the server. */
export interface ChangeSetEntry {
  key: string;
  expectedVersion: number | null;
  flag?: Flag;
}

/** One segment entry of the change set sent to the server. */
export interface SegmentChangeSetEntry {
  key: string;
  expectedVersion: number | null;
  segment?: Segment;
}

/** The body of `POST /flag-sets/apply`. */
export interface ChangeSetBody {
  reason: string;
  flags: ChangeSetEntry[];
  segments: SegmentChangeSetEntry[];
}

/** The entries that change something, as the body of `POST /flag-sets/apply`. */
export function changeSetOf(plan: FlagPlan, reason: string): ChangeSetBody {
  const flags = plan.entries.flatMap((entry): ChangeSetEntry[] => {
    if (entry.op === "unchanged") return [];
    if (entry.op === "archive") return [{ key: entry.key, expectedVersion: entry.expectedVersion }];
    return [{ key: entry.key, expectedVersion: entry.expectedVersion, flag: entry.flag }];
  });
  const segments = plan.segments.flatMap((entry): SegmentChangeSetEntry[] => {
    if (entry.op === "unchanged") return [];
    if (entry.op === "archive") return [{ key: entry.key, expectedVersion: entry.expectedVersion }];
    return [{ key: entry.key, expectedVersion: entry.expectedVersion, segment: entry.segment }];
  });
  return { reason, flags, segments };
}

/** How many flag entries of each kind a plan has. */
export function planCounts(plan: FlagPlan): Record<PlanEntry["op"], number> {
  return countOps(plan.entries);
}

/** How many segment entries of each kind a plan has. */
export function segmentCounts(plan: FlagPlan): Record<PlanEntry["op"], number> {
  return countOps(plan.segments);
}

function countOps(entries: readonly { op: PlanEntry["op"] }[]): Record<PlanEntry["op"], number> {
  const counts = { create: 0, update: 0, archive: 0, unchanged: 0 };
  for (const entry of entries) counts[entry.op]++;
  return counts;
}
