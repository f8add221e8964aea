import type { Flag } from "@switchboard/core";
import { AppError } from "../../kernel/index.js";
import type { ChangeInput, DocumentStore, DocumentWrite, StoredDocument } from "../../store/index.js";

/** The new state a mutation computes from the stored flag. */
export interface FlagMutation {
  body: Flag;
  change: ChangeInput;
  archived?: boolean;
}

/** Re-reads are cheap and conflicts short-lived; this many attempts only fail under a pathological write storm. */
const MAX_ATTEMPTS = 50;

/**
 * Reads a flag, computes its new state and writes it with compare-and-swap. With `expectedVersion` (an
 * If-Match) a conflict is the caller's answer (409); without one the write re-reads and re-applies on conflict,
 * so concurrent activations never fail and never overwrite each other.
 */
export async function writeFlag(
  store: DocumentStore,
  key: string,
  expectedVersion: number | undefined,
  mutate: (current: StoredDocument<Flag>) => Promise<FlagMutation> | FlagMutation,
): Promise<DocumentWrite<Flag>> {
  for (let attempt = 1; ; attempt++) {
    const current = await loadActiveFlag(store, key);
    if (expectedVersion !== undefined && current.version !== expectedVersion) {
      throw staleVersion(key, current.version);
    }
    const mutation = await mutate(current);
    try {
      const options = mutation.archived === undefined ? undefined : { archived: mutation.archived };
      return await store.replaceDocument("flag", key, current.version, mutation.body, mutation.change, options);
    } catch (error) {
      const retry = error instanceof AppError && error.code === "CONFLICT" && expectedVersion === undefined;
      if (!retry || attempt >= MAX_ATTEMPTS) throw error;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
}

/** The stored flag, or NOT_FOUND; an archived flag is UNPROCESSABLE for writes. */
export async function loadActiveFlag(store: DocumentStore, key: string): Promise<StoredDocument<Flag>> {
  const current = await loadFlag(store, key);
  if (current.archived) throw new AppError("UNPROCESSABLE", `Flag "${key}" is archived; archived flags are read-only.`);
  return current;
}

/** The stored flag (archived ones too), or NOT_FOUND. */
export async function loadFlag(store: DocumentStore, key: string): Promise<StoredDocument<Flag>> {
  const current = await store.getDocument<Flag>("flag", key);
  if (current === undefined) throw new AppError("NOT_FOUND", `Flag "${key}" does not exist.`);
  return current;
}

/** The CONFLICT of an If-Match that names an old version. */
export function staleVersion(key: string, currentVersion: number): AppError {
  return new AppError(
    "CONFLICT",
    `Flag "${key}" is at version ${currentVersion}, not the version given in If-Match; reload it and try again.`,
    [],
    { currentVersion },
  );
}
