import type { EnvironmentDirectory } from "@switchboard/events";
import type { DocumentStore } from "../../store/index.js";

/**
 * The environments of the config store, as event ingest sees them: an archived environment takes no events, and the
 * list of known ones (for the NOT_FOUND message) holds every environment.
 */
export function environmentDirectoryOf(store: DocumentStore): EnvironmentDirectory {
  return {
    async isOpen(name) {
      const doc = await store.getDocument("environment", name);
      return doc !== undefined && !doc.archived;
    },
    async names() {
      return (await store.listDocuments("environment")).map((env) => env.key);
    },
  };
}
