import type { Principal } from "./principal.js";

/** Checks a presented token or SDK key. */
export interface Authenticator {
  /**
   * Resolves the principal of a secret. Throws AppError UNAUTHENTICATED for an unknown or revoked one, and
   * RATE_LIMITED (with `meta.retryAfterSeconds`) once `clientAddress` has failed too often.
   */
  authenticate(secret: string, clientAddress: string): Promise<Principal>;
}
