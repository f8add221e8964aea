import type { Flag } from "@switchboard/core";
import type { FlagCodeReference, FlagRolloutState, LiveCodeFlag } from "@switchboard/sqlcheck";
import type { DocumentStore } from "../../store/index.js";
import { storedSets } from "../code-references/index.js";
import { variationsServedIn } from "../debt/index.js";

/** What the server itself knows that the live-code rule needs: flag states now, and where each flag is in code. */
export interface StoredLiveCode {
  readonly flags: LiveCodeFlag[];
  readonly codeReferences: FlagCodeReference[];
}

/**
 * A flag's state in each environment, as the live-code rule reads it: `off` when only the old side is served,
 * `on` when only the new side is, `partial` otherwise. The old side of a boolean flag is `off`; of any other flag,
 * its default variation (what everyone got before the flag was ramped).
 */
export function flagRolloutStates(flag: Flag, environments: readonly string[]): Record<string, FlagRolloutState> {
  const oldSide = flag.type === "boolean" ? "off" : flag.defaultVariation;
  const states: Record<string, FlagRolloutState> = {};
  for (const name of new Set([...environments, ...Object.keys(flag.environments ?? {})])) {
    const served = variationsServedIn(flag, flag.environments?.[name]);
    states[name] = !served.has(oldSide) ? "on" : served.size === 1 ? "off" : "partial";
  }
  return states;
}

/** Reads the flags (not archived) with their state per environment, and every uploaded scan's references. */
export async function loadStoredLiveCode(store: DocumentStore): Promise<StoredLiveCode> {
  const [flags, environments, sets] = await Promise.all([
    store.listDocuments<Flag>("flag"),
    store.listDocuments("environment"),
    storedSets(store),
  ]);
  const names = environments.map((doc) => doc.key);
  return {
    flags: flags.map((doc) => ({ key: doc.key, environments: flagRolloutStates(doc.body, names) })),
    codeReferences: sets.flatMap((set) =>
      set.references.map((reference) => ({ flag: reference.flag, file: reference.file, line: reference.line })),
    ),
  };
}
