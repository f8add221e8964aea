import { AppError } from "../../kernel/index.js";
import type { DocumentStore } from "../../store/index.js";

/** The body of an environment document. */
export interface EnvironmentBody {
  description?: string;
}

/**
 * Creates the environments that do not exist yet (first start), as audited changes by `system`.
 * Safe when several servers start at once: losing the race to create one is fine.
 */
export async function ensureEnvironments(store: DocumentStore, names: readonly string[]): Promise<void> {
  const existing = new Set((await store.listDocuments("environment", { includeArchived: true })).map((d) => d.key));
  for (const name of names) {
    if (existing.has(name)) continue;
    try {
      await store.createDocument<EnvironmentBody>(
        "environment",
        name,
        {},
        { actor: "system", action: "environment.create" },
      );
    } catch (error) {
      if (!(error instanceof AppError && error.code === "CONFLICT")) throw error;
    }
  }
}
