import type { Authenticator } from "../auth/index.js";
import type { Principal } from "../kernel/index.js";
import { AppError } from "../kernel/index.js";
import type { Audience } from "./compiled-payload.js";

/** Which payload a caller reads: its environment and audience. */
export interface SdkReader {
  principal: Principal;
  environment: string;
  audience: Audience;
}

const MAX_CACHED = 10_000;

/**
 * Authenticates SDK keys (and admin tokens, for debugging) for the SDK endpoints. Successful look-ups are cached
 * until tokens change: a revoked key stops working at once, and flag changes leave the cache alone.
 */
export class SdkAuth {
  private readonly cache = new Map<string, Principal>();

  constructor(private readonly auth: Authenticator) {}

  /** Forgets every cached principal; called after each token change. */
  clear(): void {
    this.cache.clear();
  }

  /** The secret of an `Authorization: Bearer …` header. Throws UNAUTHENTICATED when there is none. */
  bearerSecret(header: string | undefined): string {
    const match = header === undefined ? null : /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match?.[1]) throw new AppError("UNAUTHENTICATED", "Send an SDK key as `Authorization: Bearer <key>`.");
    return match[1];
  }

  /**
   * Resolves the reader of a secret: SDK keys read their own environment (client keys the client audience), an
   * admin token reads `environment` as a server would. Throws UNAUTHENTICATED, FORBIDDEN or BAD_REQUEST.
   */
  async reader(secret: string, clientAddress: string, environment?: string): Promise<SdkReader> {
    return readerOf(await this.principal(secret, clientAddress), environment);
  }

  /**
   * The reader of a client SDK key given in a URL (GrowthBook's `/api/features/:clientKey` and `/sub/:clientKey`),
   * whose answers any origin may read. Any other key or token is FORBIDDEN there.
   */
  async clientKeyReader(secret: string, clientAddress: string): Promise<SdkReader> {
    const principal = await this.principal(secret, clientAddress);
    if (principal.kind !== "client-sdk") {
      throw new AppError(
        "FORBIDDEN",
        "This endpoint takes a client SDK key only: its answer is readable from any origin and the key sits in the " +
          "URL. Server keys read GET /api/v1/sdk/payload with `Authorization: Bearer <key>`.",
      );
    }
    return readerOf(principal, undefined);
  }

  /** The reader of a secret already checked since the last change, without waiting; undefined otherwise. */
  cachedReader(secret: string, environment?: string): SdkReader | undefined {
    const principal = this.cache.get(secret);
    if (principal === undefined || (principal.kind === "admin" && !environment)) return undefined;
    try {
      return readerOf(principal, environment);
    } catch {
      return undefined;
    }
  }

  private async principal(secret: string, clientAddress: string): Promise<Principal> {
    const cached = this.cache.get(secret);
    if (cached) return cached;
    const principal = await this.auth.authenticate(secret, clientAddress);
    if (this.cache.size >= MAX_CACHED) this.cache.clear();
    this.cache.set(secret, principal);
    return principal;
  }
}

function readerOf(principal: Principal, environment: string | undefined): SdkReader {
  if (principal.kind === "server-sdk" || principal.kind === "client-sdk") {
    if (principal.environment === null) throw new AppError("FORBIDDEN", "This SDK key has no environment.");
    return {
      principal,
      environment: principal.environment,
      audience: principal.kind === "client-sdk" ? "client" : "server",
    };
  }
  if (principal.kind !== "admin") {
    throw new AppError("FORBIDDEN", "SDK endpoints take a server or client SDK key (or an admin token).");
  }
  if (!environment) {
    throw new AppError(
      "BAD_REQUEST",
      "An admin token must name the environment: add `?environment=<name>`. An SDK takes an SDK key instead: " +
        "create one with POST /api/v1/tokens {kind: server-sdk or client-sdk, environment}.",
      [{ path: "environment", message: "required with an admin token" }],
    );
  }
  return { principal, environment, audience: "server" };
}
