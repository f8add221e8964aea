import type { ExperimentMeta, Flag, FlagSet, Segment } from "@switchboard/core";
import type { ChangeLog, DocumentKind, DocumentStore } from "../store/index.js";

/** What changed between the snapshot a new one was advanced from and the new one. */
export interface SnapshotBasis {
  previousSeq: number;
  /** Flags written (or archived) in between. */
  flags: ReadonlySet<string>;
  /** A segment or environment changed: any flag's compiled form may differ. */
  full: boolean;
}

/** The flag set as of one change sequence number, read from the store's documents. */
export interface FlagSetSnapshot {
  /** The store's newest change when the documents were read; SSE event ids are these. */
  seq: number;
  /** Time of that change (GrowthBook's `dateUpdated`). */
  dateUpdated: string;
  flagSet: FlagSet;
  environments: ReadonlySet<string>;
  /** Keys of flags marked client-visible (what client keys may evaluate remotely). */
  clientVisibleKeys: ReadonlySet<string>;
  /** Set when the snapshot was advanced from an older one by its changes; null after a full read. */
  basis: SnapshotBasis | null;
}

const EPOCH = new Date(0).toISOString();
const MAX_ATTEMPTS = 5;
/** More changes than this at once, and a full read is cheaper than fetching them one by one. */
const MAX_ADVANCE_CHANGES = 200;
const DOCUMENT_KINDS: ReadonlySet<string> = new Set<DocumentKind>(["flag", "segment", "experiment", "environment"]);

/**
 * Reads flags (not archived), segments, experiments and environments into one flag set. The newest change is read
 * before and after the documents, so the snapshot's seq matches its content even while writes go on.
 */
export async function loadFlagSetSnapshot(store: DocumentStore & ChangeLog): Promise<FlagSetSnapshot> {
  let before = await newestChange(store);
  for (let attempt = 1; ; attempt++) {
    const [flags, segments, experiments, environments] = await Promise.all([
      store.listDocuments<Flag>("flag"),
      store.listDocuments<Segment>("segment"),
      store.listDocuments<ExperimentMeta>("experiment"),
      store.listDocuments<unknown>("environment"),
    ]);
    const after = await newestChange(store);
    // Under a steady stream of writes, a snapshot labelled with an older seq is still safe: clients get the
    // newer content twice, never miss it.
    if (after.seq === before.seq || attempt >= MAX_ATTEMPTS) {
      return snapshotOf(before.seq, before.at, null, {
        version: 1,
        environments: environments.map((document) => document.key).sort(),
        segments: Object.fromEntries(segments.map((document) => [document.key, document.body])),
        flags: Object.fromEntries(flags.filter((document) => !document.archived).map((d) => [d.key, d.body])),
        experiments: Object.fromEntries(experiments.map((document) => [document.key, document.body])),
      });
    }
    before = after;
  }
}

/**
 * Brings a snapshot up to date by reading only the documents changed since it (one query for the changes, one
 * per changed document); a full read when too much changed. Returns `previous` when nothing did.
 */
export async function advanceFlagSetSnapshot(
  store: DocumentStore & ChangeLog,
  previous: FlagSetSnapshot,
): Promise<FlagSetSnapshot> {
  const changes = await store.listChanges({ afterSeq: previous.seq, ascending: true, limit: MAX_ADVANCE_CHANGES });
  const last = changes.at(-1);
  if (last === undefined) return previous;
  if (changes.length >= MAX_ADVANCE_CHANGES) return loadFlagSetSnapshot(store);
  const touched = new Map<string, { kind: DocumentKind; key: string }>();
  for (const change of changes) {
    if (!DOCUMENT_KINDS.has(change.subjectKind)) continue;
    const kind = change.subjectKind as DocumentKind;
    touched.set(`${kind}\u0000${change.subjectKey}`, { kind, key: change.subjectKey });
  }
  const documents = await Promise.all([...touched.values()].map(({ kind, key }) => store.getDocument(kind, key)));
  const base = previous.flagSet;
  const next = {
    flags: { ...base.flags } as Record<string, unknown>,
    segments: { ...base.segments } as Record<string, unknown>,
    experiments: { ...base.experiments } as Record<string, unknown>,
    environments: Object.fromEntries((base.environments ?? []).map((name) => [name, true])) as Record<string, unknown>,
  };
  const flags = new Set<string>();
  let full = false;
  [...touched.values()].forEach(({ kind, key }, index) => {
    const document = documents[index];
    const target =
      kind === "flag"
        ? next.flags
        : kind === "segment"
          ? next.segments
          : kind === "experiment"
            ? next.experiments
            : next.environments;
    if (document === undefined || document.archived) delete target[key];
    else target[key] = kind === "environment" ? true : document.body;
    if (kind === "flag") flags.add(key);
    if (kind === "segment" || kind === "environment") full = true;
  });
  const flagSet = {
    version: 1,
    environments: Object.keys(next.environments).sort(),
    segments: next.segments,
    flags: next.flags,
    experiments: next.experiments,
  } as FlagSet;
  // Only the changed flags can have joined or left the client-visible ones: no scan of every flag per change.
  const clientVisibleKeys = new Set(previous.clientVisibleKeys);
  for (const key of flags) {
    if (flagSet.flags[key]?.clientVisible) clientVisibleKeys.add(key);
    else clientVisibleKeys.delete(key);
  }
  return snapshotOf(last.seq, last.at, { previousSeq: previous.seq, flags, full }, flagSet, clientVisibleKeys);
}

function snapshotOf(
  seq: number,
  dateUpdated: string,
  basis: SnapshotBasis | null,
  flagSet: FlagSet,
  clientVisibleKeys = new Set(Object.keys(flagSet.flags).filter((key) => flagSet.flags[key]?.clientVisible)),
): FlagSetSnapshot {
  return { seq, dateUpdated, flagSet, environments: new Set(flagSet.environments), clientVisibleKeys, basis };
}

async function newestChange(store: DocumentStore & ChangeLog): Promise<{ seq: number; at: string }> {
  const [change] = await store.listChanges({ limit: 1 });
  return change ? { seq: change.seq, at: change.at } : { seq: 0, at: EPOCH };
}
