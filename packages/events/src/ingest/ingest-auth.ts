import { AppError } from "@switchboard/core";
import type { IngestAuthenticator } from "../ports/ingest-authenticator.js";
import type { IngestKeyKind } from "../store/event-store.js";

/** Who sends a batch: the environment it goes to and the kind of key that sent it. */
export interface IngestCaller {
  environment: string;
  keyKind: IngestKeyKind;
}

/**
 * The environment a caller may send events to: an SDK key's own environment (server or client key), or, for an
 * admin token, the one named by `?environment=` (with the kind of key). Throws UNAUTHENTICATED, FORBIDDEN or BAD_REQUEST.
 */
export async function ingestEnvironment(
  auth: IngestAuthenticator,
  authorization: string | undefined,
  clientAddress: string,
  environment: string | undefined,
): Promise<IngestCaller> {
  const match = authorization === undefined ? null : /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  if (!match?.[1]) throw new AppError("UNAUTHENTICATED", "Send an SDK key as `Authorization: Bearer <key>`.");
  const principal = await auth.authenticate(match[1], clientAddress);
  const kind = principal.kind;
  if (kind === "server-sdk" || kind === "client-sdk") {
    if (principal.environment === null) throw new AppError("FORBIDDEN", "This SDK key has no environment.");
    return { environment: principal.environment, keyKind: kind };
  }
  if (kind !== "admin") {
    throw new AppError("FORBIDDEN", "Event ingest takes a server or client SDK key (or an admin token).");
  }
  if (!environment) {
    throw new AppError("BAD_REQUEST", "An admin token must name the environment: add `?environment=<name>`.", [
      { path: "environment", message: "required with an admin token" },
    ]);
  }
  return { environment, keyKind: "admin" };
}
