import { AppError } from "@switchboard/core";
import type { EnvironmentDirectory } from "../ports/environment-directory.js";
import type { IngestCaller } from "./ingest-auth.js";

// A name echoed back in a message is cut here: a 5,000-character name helps nobody read the answer.
const SHOWN_NAME_CHARS = 80;

/**
 * Checks where a caller's events may go before its body is read: an admin token's `?environment=` must name an
 * environment that exists (NOT_FOUND lists the known ones); an SDK key writes to its own environment, and a
 * `?environment=` naming another is refused (BAD_REQUEST) rather than silently ignored.
 */
export async function assertIngestEnvironment(
  environments: EnvironmentDirectory,
  caller: IngestCaller,
  requested: string | undefined,
): Promise<void> {
  if (caller.keyKind === "admin") return assertEnvironmentExists(environments, caller.environment);
  if (requested === undefined || requested === caller.environment) return;
  const own = caller.environment;
  throw new AppError(
    "BAD_REQUEST",
    `This SDK key belongs to environment "${own}": leave out ?environment=, or send with a key of "${shown(requested)}".`,
    [{ path: "environment", message: `must be "${own}" (the key's environment) or left out` }],
  );
}

async function assertEnvironmentExists(environments: EnvironmentDirectory, name: string): Promise<void> {
  if (await environments.isOpen(name)) return;
  const known = (await environments.names()).join(", ") || "none";
  throw new AppError("NOT_FOUND", `Environment "${shown(name)}" does not exist (known: ${known}).`, [
    { path: "environment", message: `must name an environment: ${known}` },
  ]);
}

function shown(name: string): string {
  return name.length > SHOWN_NAME_CHARS ? `${name.slice(0, SHOWN_NAME_CHARS)}…` : name;
}
