import { AppError } from "../../kernel/index.js";
import type { ConfigStore } from "../../store/index.js";
import type { IngestCaller } from "./ingest-auth.js";

// A name echoed back in a message is cut here: a 5,000-character name helps nobody read the answer.
const SHOWN_NAME_CHARS = 80;

/**
 * Checks where a caller's events may go before its body is read: an admin token's `?environment=` must name an
 * environment that exists (NOT_FOUND lists the known ones); an SDK key writes to its own environment, and a
 * `?environment=` naming another is refused (BAD_REQUEST) rather than silently ignored.
 */
export async function assertIngestEnvironment(
  store: ConfigStore,
  caller: IngestCaller,
  requested: string | undefined,
): Promise<void> {
  if (caller.keyKind === "admin") return assertEnvironmentExists(store, caller.environment);
  if (requested === undefined || requested === caller.environment) return;
  const own = caller.environment;
  throw new AppError(
    "BAD_REQUEST",
    `This SDK key belongs to environment "${own}": leave out ?environment=, or send with a key of "${shown(requested)}".`,
    [{ path: "environment", message: `must be "${own}" (the key's environment) or left out` }],
  );
}

async function assertEnvironmentExists(store: ConfigStore, name: string): Promise<void> {
  const doc = await store.getDocument("environment", name);
  if (doc !== undefined && !doc.archived) return;
  const known = (await store.listDocuments("environment")).map((env) => env.key).join(", ") || "none";
  throw new AppError("NOT_FOUND", `Environment "${shown(name)}" does not exist (known: ${known}).`, [
    { path: "environment", message: `must name an environment: ${known}` },
  ]);
}

function shown(name: string): string {
  return name.length > SHOWN_NAME_CHARS ? `${name.slice(0, SHOWN_NAME_CHARS)}…` : name;
}
