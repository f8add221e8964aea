import type { AuthFailureStats } from "./failure-guard.js";
import type { Principal } from "./principal.js";

/** Checks a presented token or SDK key. */
export interface Authenticator {
  /**
   * Resolves the principal of a secret. A valid secret is never refused. An unknown or revoked one throws AppError
   * UNAUTHENTICATED, or RATE_LIMITED (with `meta.retryAfterSeconds`) once its client address or token prefix has
   * failed too often.
   */
  authenticate(secret: string, clientAddress: string): Promise<Principal>;
  /** The state of the failure limits, for `/metrics`; authenticators without limits leave it out. */
  failureStats?(): AuthFailureStats;
}
