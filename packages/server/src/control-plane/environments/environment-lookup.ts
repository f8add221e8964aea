import { AppError } from "../../kernel/index.js";
import type { DocumentStore } from "../../store/index.js";

/** Throws NOT_FOUND unless `name` is an active environment. */
export async function requireEnvironment(store: DocumentStore, name: string): Promise<void> {
  const doc = await store.getDocument("environment", name);
  if (doc !== undefined && !doc.archived) return;
  const known = (await store.listDocuments("environment")).map((env) => env.key);
  throw new AppError("NOT_FOUND", `Environment "${name}" does not exist (known: ${known.join(", ") || "none"}).`);
}
