import type { ExperimentMeta, Flag, FlagSet, Segment } from "@switchboard/core";
import type { ConfigStore } from "../store/config-store.js";

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
}

const EPOCH = new Date(0).toISOString();
const MAX_ATTEMPTS = 5;

/**
 * Reads flags (not archived), segments, experiments and environments into one flag set. The newest change is read
 * before and after the documents, so the snapshot's seq matches its content even while writes go on.
 */
export async function loadFlagSetSnapshot(store: ConfigStore): Promise<FlagSetSnapshot> {
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
      const flagSet: FlagSet = {
        version: 1,
        environments: environments.map((document) => document.key).sort(),
        segments: Object.fromEntries(segments.map((document) => [document.key, document.body])),
        flags: Object.fromEntries(flags.filter((document) => !document.archived).map((d) => [d.key, d.body])),
        experiments: Object.fromEntries(experiments.map((document) => [document.key, document.body])),
      };
      return {
        seq: before.seq,
        dateUpdated: before.at,
        flagSet,
        environments: new Set(flagSet.environments),
        clientVisibleKeys: new Set(Object.keys(flagSet.flags).filter((key) => flagSet.flags[key]?.clientVisible)),
      };
    }
    before = after;
  }
}

async function newestChange(store: ConfigStore): Promise<{ seq: number; at: string }> {
  const [change] = await store.listChanges({ limit: 1 });
  return change ? { seq: change.seq, at: change.at } : { seq: 0, at: EPOCH };
}
