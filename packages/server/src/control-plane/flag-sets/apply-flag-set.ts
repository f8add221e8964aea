import { type Static, Type } from "@sinclair/typebox";
import { type Flag, FlagSchema, NAME_PATTERN, validateFlagSet } from "@switchboard/core";
import {
  AppError,
  type ChangeGate,
  changeInput,
  type ErrorDetail,
  type HeldChange,
  ReasonField,
  type ReasonPolicy,
  requireReason,
  validationFailed,
  type WriteContext,
  withReason,
} from "../../kernel/index.js";
import type { DocumentBatchWrite, DocumentStore, StoredDocument } from "../../store/index.js";
import { problemsUnder } from "../flags/index.js";

/** The most flags one change set may touch: a set kept in git is rarely larger, and the write is one transaction. */
export const MAX_CHANGE_SET_FLAGS = 2_000;

const Key = Type.String({ pattern: NAME_PATTERN, description: "The flag key." });
const ExpectedVersion = Type.Union([Type.Integer({ minimum: 1 }), Type.Null()], {
  description: "The version the change was planned against; null for a flag that must not exist yet.",
});

const FLAG_DESCRIPTION = "The flag as it should be; omitted archives it.";

/** The change set as the edge checks it; the flags are checked by the service, against the whole resulting set. */
export const LooseChangeSetSchema = Type.Object(
  {
    reason: ReasonField,
    flags: Type.Array(
      Type.Object(
        {
          key: Key,
          expectedVersion: ExpectedVersion,
          flag: Type.Optional(Type.Unknown({ description: FLAG_DESCRIPTION })),
        },
        { additionalProperties: false },
      ),
      { maxItems: MAX_CHANGE_SET_FLAGS },
    ),
  },
  { additionalProperties: false },
);

/** The documented body of `POST /flag-sets/apply`. */
export const ChangeSetSchema = Type.Object(
  {
    reason: ReasonField,
    flags: Type.Array(
      Type.Object(
        {
          key: Key,
          expectedVersion: ExpectedVersion,
          flag: Type.Optional(FlagSchema),
        },
        { additionalProperties: false },
      ),
      { maxItems: MAX_CHANGE_SET_FLAGS },
    ),
  },
  { additionalProperties: false },
);
/** A change set: flags to create, replace or archive, each at the version it was planned against. */
export type ChangeSet = Static<typeof LooseChangeSetSchema>;

/** What one entry of an applied change set did. */
export interface AppliedFlag {
  key: string;
  action: "flag.create" | "flag.update" | "flag.archive";
  version: number;
}

/**
 * Applies a change set all or nothing: every flag is checked against the flag set as it will be after the change
 * (environments, segments, prerequisites, including flags archived in the same set), then every write commits in
 * one transaction. A flag whose version moved since the plan fails the whole set with CONFLICT naming it.
 */
export async function applyFlagSet(
  store: DocumentStore,
  policy: ReasonPolicy,
  input: ChangeSet,
  context: WriteContext,
  gate?: ChangeGate,
): Promise<AppliedFlag[] | HeldChange> {
  const actor = withReason(context, input.reason);
  refuseMalformedEntries(input);
  const [environments, segments, stored] = await Promise.all([
    store.listDocuments("environment"),
    store.listDocuments("segment"),
    store.listDocuments<Flag>("flag", { includeArchived: true }),
  ]);
  const current = new Map(stored.map((doc) => [doc.key, doc]));
  refuseStaleEntries(input, current);
  const resulting = resultingFlags(stored, input);
  const checked = checkResultingSet(input, resulting, environments, segments);
  requireReason(policy, actor, changedEnvironments(input, current, checked));
  if (gate !== undefined) {
    const changes = input.flags.map((entry) => ({
      key: entry.key,
      expectedVersion: entry.expectedVersion,
      before: entry.expectedVersion === null ? null : (current.get(entry.key)?.body ?? null),
      after: checked.get(entry.key) ?? null,
    }));
    const protectedOnes = gate.protectedFor(
      actor,
      changes.flatMap((change) => differingEnvironments(change)),
    );
    if (protectedOnes.length > 0) {
      const summary = `apply ${changes.length} flag change(s) (${changes.map((c) => c.key).join(", ")})`;
      return gate.propose(changes, protectedOnes, actor, summary);
    }
  }
  const writes: DocumentBatchWrite[] = input.flags.map((entry) => {
    const flag = checked.get(entry.key);
    if (entry.expectedVersion === null)
      return {
        kind: "flag",
        key: entry.key,
        expectedVersion: null,
        body: flag,
        change: changeInput(actor, "flag.create"),
      };
    const doc = current.get(entry.key) as StoredDocument<Flag>;
    if (flag === undefined)
      return {
        kind: "flag",
        key: entry.key,
        expectedVersion: entry.expectedVersion,
        body: doc.body,
        archived: true,
        change: changeInput(actor, "flag.archive"),
      };
    return {
      kind: "flag",
      key: entry.key,
      expectedVersion: entry.expectedVersion,
      body: flag,
      archived: false,
      change: changeInput(actor, "flag.update"),
    };
  });
  const written = await store.writeDocuments(writes);
  return written.map((w) => ({
    key: w.document.key,
    action: w.change.action as AppliedFlag["action"],
    version: w.document.version,
  }));
}

/** Each key once; a create carries its flag (only a replace may omit it, to archive). */
function refuseMalformedEntries(input: ChangeSet): void {
  const seen = new Set<string>();
  const problems: ErrorDetail[] = [];
  input.flags.forEach((entry, i) => {
    if (seen.has(entry.key)) problems.push({ path: `flags[${i}].key`, message: `"${entry.key}" appears twice` });
    if (entry.expectedVersion === null && entry.flag === undefined)
      problems.push({
        path: `flags[${i}].flag`,
        message: "is required to create a flag (only an existing flag can be archived)",
      });
    seen.add(entry.key);
  });
  if (problems.length > 0) throw validationFailed(problems);
}

/**
 * Versions are checked before the flags themselves, so a plan made against an older server is refused with what
 * changed rather than with problems the newer state may explain. The store checks them again inside the write.
 */
function refuseStaleEntries(input: ChangeSet, current: Map<string, StoredDocument<Flag>>): void {
  const moved = input.flags.flatMap((entry) => {
    const doc = current.get(entry.key);
    if (entry.expectedVersion === null)
      return doc === undefined
        ? []
        : [`"${entry.key}" exists now (version ${doc.version}${doc.archived ? ", archived" : ""})`];
    if (doc === undefined) return [`"${entry.key}" does not exist`];
    if (doc.version !== entry.expectedVersion)
      return [`"${entry.key}" is at version ${doc.version}, planned against ${entry.expectedVersion}`];
    if (doc.archived && entry.flag !== undefined) return [`"${entry.key}" is archived`];
    return [];
  });
  if (moved.length === 0) return;
  throw new AppError(
    "CONFLICT",
    `The server changed since the plan was made: ${moved.join("; ")}. Plan again and review the new plan.`,
    moved.map((message) => ({ path: "flags", message })),
  );
}

/** The active flags after the change set: unchanged ones, new and replaced ones; archived ones left out. */
function resultingFlags(stored: StoredDocument<Flag>[], input: ChangeSet): Record<string, unknown> {
  const flags: Record<string, unknown> = {};
  for (const doc of stored) if (!doc.archived) flags[doc.key] = doc.body;
  for (const entry of input.flags) {
    if (entry.flag === undefined) delete flags[entry.key];
    else flags[entry.key] = entry.flag;
  }
  return flags;
}

/** Validates the resulting set; problems of the changed flags come back at their place in the body. */
function checkResultingSet(
  input: ChangeSet,
  flags: Record<string, unknown>,
  environments: StoredDocument[],
  segments: StoredDocument[],
): Map<string, Flag> {
  const result = validateFlagSet({
    version: 1,
    environments: environments.map((doc) => doc.key),
    // Only names matter to the flags' checks, so segments stand in as empty conditions.
    segments: Object.fromEntries(segments.map((doc) => [doc.key, { condition: {} }])),
    flags,
  });
  if (result.ok)
    return new Map(
      input.flags.flatMap((e) => (e.flag === undefined ? [] : [[e.key, result.value.flags[e.key] as Flag]])),
    );
  const problems = input.flags.flatMap((entry, i) =>
    problemsUnder(["flags", entry.key], result.problems).map((p) => ({
      path:
        p.path === ""
          ? `flags[${i}].flag`
          : p.path.startsWith("[")
            ? `flags[${i}].flag${p.path}`
            : `flags[${i}].flag.${p.path}`,
      message: p.message,
    })),
  );
  // A problem outside the changed flags is one they cause: an unchanged flag needs a flag archived here.
  const touched = new Set(input.flags.map((e) => e.key));
  const caused = result.problems.filter(
    (p) => ![...touched].some((key) => problemsUnder(["flags", key], [p]).length > 0),
  );
  throw validationFailed([...problems, ...caused]);
}

function changedEnvironments(
  input: ChangeSet,
  current: Map<string, StoredDocument<Flag>>,
  checked: Map<string, Flag>,
): string[] {
  return input.flags.flatMap((entry) => [
    ...Object.keys(current.get(entry.key)?.body.environments ?? {}),
    ...Object.keys(checked.get(entry.key)?.environments ?? {}),
  ]);
}

/** The environments a change of one flag makes a difference in: all of them when fields outside environments change. */
export function differingEnvironments({ before, after }: { before: Flag | null; after: Flag | null }): string[] {
  const names = [...new Set([...Object.keys(before?.environments ?? {}), ...Object.keys(after?.environments ?? {})])];
  if (before === null || after === null) return names;
  const global = JSON.stringify({ ...before, environments: null }) !== JSON.stringify({ ...after, environments: null });
  return names.filter(
    (name) => global || JSON.stringify(before.environments?.[name]) !== JSON.stringify(after.environments?.[name]),
  );
}
