import { type Flag, type Segment, validateFlagSet } from "@switchboard/core";
import {
  AppError,
  type ChangeGate,
  changeInput,
  type ErrorDetail,
  type HeldChange,
  type ProposedFlagChange,
  type ProposedSegmentChange,
  type ReasonPolicy,
  requireReason,
  validationFailed,
  type WriteContext,
  withReason,
} from "../../kernel/index.js";
import type { DocumentBatchWrite, DocumentStore, StoredDocument } from "../../store/index.js";
import { problemsUnder } from "../flags/index.js";
import type { AppliedEntry, ChangeSet } from "./change-set-schema.js";
import { differingEnvironments, segmentEnvironments } from "./differing-environments.js";

export * from "./change-set-schema.js";
export { differingEnvironments } from "./differing-environments.js";

/** One entry of a change set, whatever it changes: `body` undefined archives. */
interface Entry<T> {
  key: string;
  expectedVersion: number | null;
  body: T | undefined;
}

type Kind = "flag" | "segment";
const SECTION = { flag: "flags", segment: "segments" } as const;

/**
 * Applies a change set all or nothing: every flag and segment is checked against the flag set as it will be after
 * the change (environments, segments, prerequisites, including flags and segments archived in the same set), then
 * every write commits in one transaction, segments first. An entry whose version moved since the plan fails the
 * whole set with CONFLICT naming it.
 */
export async function applyFlagSet(
  store: DocumentStore,
  policy: ReasonPolicy,
  input: ChangeSet,
  context: WriteContext,
  gate?: ChangeGate,
): Promise<AppliedEntry[] | HeldChange> {
  const actor = withReason(context, input.reason);
  const flagEntries: Entry<unknown>[] = input.flags.map((e) => ({ ...e, body: e.flag }));
  const segmentEntries: Entry<unknown>[] = (input.segments ?? []).map((e) => ({ ...e, body: e.segment }));
  refuseMalformedEntries("flag", flagEntries);
  refuseMalformedEntries("segment", segmentEntries);
  const [environments, storedSegments, stored] = await Promise.all([
    store.listDocuments("environment"),
    store.listDocuments<Segment>("segment", { includeArchived: true }),
    store.listDocuments<Flag>("flag", { includeArchived: true }),
  ]);
  const current = new Map(stored.map((doc) => [doc.key, doc]));
  const currentSegments = new Map(storedSegments.map((doc) => [doc.key, doc]));
  refuseStaleEntries([
    ...staleEntries("flag", flagEntries, current),
    ...staleEntries("segment", segmentEntries, currentSegments),
  ]);
  const checked = checkResultingSet(
    { flag: flagEntries, segment: segmentEntries },
    { flags: resulting(stored, flagEntries), segments: resulting(storedSegments, segmentEntries) },
    environments,
  );
  const flagChanges: ProposedFlagChange[] = proposed(flagEntries, current, checked.flag as Map<string, Flag>);
  const segmentChanges: ProposedSegmentChange[] = proposed(
    segmentEntries,
    currentSegments,
    checked.segment as Map<string, Segment>,
  );
  const active = stored.filter((doc) => !doc.archived);
  const changedKeys = new Set(flagChanges.map((change) => change.key));
  const flagsBefore = active.map((doc) => doc.body);
  const flagsAfter = [
    ...active.filter((doc) => !changedKeys.has(doc.key)).map((doc) => doc.body),
    ...flagChanges.flatMap((change) => (change.after === null ? [] : [change.after])),
  ];
  const segmentTouched = segmentChanges.flatMap((change) => segmentEnvironments(change, flagsBefore, flagsAfter));
  requireReason(policy, actor, [
    ...changedEnvironments(flagEntries, current, checked.flag as Map<string, Flag>),
    ...segmentTouched,
  ]);
  if (gate !== undefined) {
    const protectedOnes = gate.protectedFor(actor, [
      ...flagChanges.flatMap((change) => differingEnvironments(change)),
      ...segmentTouched,
    ]);
    if (protectedOnes.length > 0)
      return gate.propose(flagChanges, protectedOnes, actor, summaryOf(input), segmentChanges);
  }
  const writes: DocumentBatchWrite[] = [
    ...segmentEntries.map((entry) => writeOf("segment", entry, currentSegments, checked.segment, actor)),
    ...flagEntries.map((entry) => writeOf("flag", entry, current, checked.flag, actor)),
  ];
  const written = await store.writeDocuments(writes);
  return written.map((w) => ({
    key: w.document.key,
    action: w.change.action as AppliedEntry["action"],
    version: w.document.version,
  }));
}

/** `apply 2 flag change(s) (a, b) and 1 segment change(s) (staff)`, for the change request a held set becomes. */
function summaryOf(input: ChangeSet): string {
  const flags = `${input.flags.length} flag change(s) (${input.flags.map((c) => c.key).join(", ")})`;
  const segments = input.segments ?? [];
  if (segments.length === 0) return `apply ${flags}`;
  const segmentText = `${segments.length} segment change(s) (${segments.map((c) => c.key).join(", ")})`;
  return input.flags.length === 0 ? `apply ${segmentText}` : `apply ${flags} and ${segmentText}`;
}

function proposed<T>(
  entries: readonly Entry<unknown>[],
  current: Map<string, StoredDocument<T>>,
  checked: Map<string, unknown>,
): { key: string; expectedVersion: number | null; before: T | null; after: T | null }[] {
  return entries.map((entry) => ({
    key: entry.key,
    expectedVersion: entry.expectedVersion,
    before: entry.expectedVersion === null ? null : (current.get(entry.key)?.body ?? null),
    after: (checked.get(entry.key) as T | undefined) ?? null,
  }));
}

function writeOf(
  kind: Kind,
  entry: Entry<unknown>,
  current: Map<string, StoredDocument<unknown>>,
  checked: Map<string, unknown>,
  actor: WriteContext,
): DocumentBatchWrite {
  const body = checked.get(entry.key);
  if (entry.expectedVersion === null)
    return { kind, key: entry.key, expectedVersion: null, body, change: changeInput(actor, `${kind}.create`) };
  if (body === undefined)
    return {
      kind,
      key: entry.key,
      expectedVersion: entry.expectedVersion,
      body: current.get(entry.key)?.body,
      archived: true,
      change: changeInput(actor, `${kind}.archive`),
    };
  return {
    kind,
    key: entry.key,
    expectedVersion: entry.expectedVersion,
    body,
    archived: false,
    change: changeInput(actor, `${kind}.update`),
  };
}

/** Each key once per kind; a create carries its body (only a replace may omit it, to archive). */
function refuseMalformedEntries(kind: Kind, entries: readonly Entry<unknown>[]): void {
  const seen = new Set<string>();
  const problems: ErrorDetail[] = [];
  entries.forEach((entry, i) => {
    if (seen.has(entry.key))
      problems.push({ path: `${SECTION[kind]}[${i}].key`, message: `"${entry.key}" appears twice` });
    if (entry.expectedVersion === null && entry.body === undefined)
      problems.push({
        path: `${SECTION[kind]}[${i}].${kind}`,
        message: `is required to create a ${kind} (only an existing ${kind} can be archived)`,
      });
    seen.add(entry.key);
  });
  if (problems.length > 0) throw validationFailed(problems);
}

/** What moved since the plan, one sentence per entry. */
function staleEntries(
  kind: Kind,
  entries: readonly Entry<unknown>[],
  current: Map<string, StoredDocument<unknown>>,
): ErrorDetail[] {
  const name = (key: string) => (kind === "flag" ? `"${key}"` : `segment "${key}"`);
  return entries.flatMap((entry) => {
    const doc = current.get(entry.key);
    const at = (message: string) => [{ path: SECTION[kind], message: `${name(entry.key)} ${message}` }];
    if (entry.expectedVersion === null)
      return doc === undefined ? [] : at(`exists now (version ${doc.version}${doc.archived ? ", archived" : ""})`);
    if (doc === undefined) return at("does not exist");
    if (doc.version !== entry.expectedVersion)
      return at(`is at version ${doc.version}, planned against ${entry.expectedVersion}`);
    if (doc.archived && entry.body !== undefined) return at("is archived");
    return [];
  });
}

/**
 * Versions are checked before the contents, so a plan made against an older server is refused with what changed
 * rather than with problems the newer state may explain. The store checks them again inside the write.
 */
function refuseStaleEntries(moved: ErrorDetail[]): void {
  if (moved.length === 0) return;
  throw new AppError(
    "CONFLICT",
    `The server changed since the plan was made: ${moved.map((m) => m.message).join("; ")}. Plan again and review the new plan.`,
    moved,
  );
}

/** The active documents after the change set: unchanged ones, new and replaced ones; archived ones left out. */
function resulting(
  stored: readonly StoredDocument<unknown>[],
  entries: readonly Entry<unknown>[],
): Record<string, unknown> {
  const documents: Record<string, unknown> = {};
  for (const doc of stored) if (!doc.archived) documents[doc.key] = doc.body;
  for (const entry of entries) {
    if (entry.body === undefined) delete documents[entry.key];
    else documents[entry.key] = entry.body;
  }
  return documents;
}

/** Validates the resulting set; problems of the changed entries come back at their place in the body. */
function checkResultingSet(
  entries: Record<Kind, readonly Entry<unknown>[]>,
  set: { flags: Record<string, unknown>; segments: Record<string, unknown> },
  environments: StoredDocument[],
): Record<Kind, Map<string, unknown>> {
  const result = validateFlagSet({ version: 1, environments: environments.map((doc) => doc.key), ...set });
  if (result.ok) {
    const pick = (kind: Kind, values: Record<string, unknown> | undefined) =>
      new Map(entries[kind].flatMap((e) => (e.body === undefined ? [] : [[e.key, values?.[e.key]] as const])));
    return { flag: pick("flag", result.value.flags), segment: pick("segment", result.value.segments) };
  }
  const placed = (kind: Kind) =>
    entries[kind].flatMap((entry, i) =>
      problemsUnder([SECTION[kind], entry.key], result.problems).map((p) => ({
        path: `${SECTION[kind]}[${i}].${kind}${p.path === "" ? "" : p.path.startsWith("[") ? p.path : `.${p.path}`}`,
        message: p.message,
      })),
    );
  // A problem outside the changed entries is one they cause: an unchanged flag needs a flag or segment archived here.
  const caused = result.problems.filter(
    (p) =>
      !(["flag", "segment"] as const).some((kind) =>
        entries[kind].some((e) => problemsUnder([SECTION[kind], e.key], [p]).length > 0),
      ),
  );
  throw validationFailed([...placed("segment"), ...placed("flag"), ...caused]);
}

function changedEnvironments(
  entries: readonly Entry<unknown>[],
  current: Map<string, StoredDocument<Flag>>,
  checked: Map<string, Flag>,
): string[] {
  return entries.flatMap((entry) => [
    ...Object.keys(current.get(entry.key)?.body.environments ?? {}),
    ...Object.keys(checked.get(entry.key)?.environments ?? {}),
  ]);
}
