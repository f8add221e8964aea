import type { ConfigStore } from "../../store/config-store.js";
import { BUILT_IN_DOCUMENT_KINDS } from "../../store/document-kind-registry.js";

const KINDS = BUILT_IN_DOCUMENT_KINDS;

/** Everything a write can touch, as comparable parts: a rejected write must leave every part as it was. */
export type ConfigSnapshot = Record<string, string>;

/** Reads documents (with versions and archive marks), the change log head, tokens, schedules and releases. */
export async function configSnapshot(store: ConfigStore): Promise<ConfigSnapshot> {
  const parts: ConfigSnapshot = {};
  for (const kind of KINDS) {
    parts[kind] = JSON.stringify(await store.listDocuments(kind, { includeArchived: true }));
  }
  parts["changeSeq"] = String(await store.latestSeq());
  // Tokens record when they were last used; that is bookkeeping of a read, not a write.
  const tokens = await store.listTokens();
  parts["tokens"] = JSON.stringify(tokens.map(({ id, revokedAt, name, role }) => ({ id, revokedAt, name, role })));
  parts["schedules"] = JSON.stringify(await store.listSchedules());
  parts["releases"] = JSON.stringify(await store.listReleases({ limit: 1000 }));
  return parts;
}

/** The parts that differ, e.g. `changeSeq 41→42, flag`; empty when nothing changed. */
export function snapshotDifference(before: ConfigSnapshot, after: ConfigSnapshot): string {
  const changed = Object.keys(after).filter((part) => before[part] !== after[part]);
  return changed.map((part) => (part === "changeSeq" ? `changeSeq ${before[part]}→${after[part]}` : part)).join(", ");
}
