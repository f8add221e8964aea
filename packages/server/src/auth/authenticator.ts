import type { Principal } from "../kernel/index.js";
import type { AuthFailureStats } from "./failure-guard.js";
import type { TokenChanges } from "./token-change-watcher.js";

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
  /**
   * Calls `listener` after tokens were created or revoked (here or on another server of the cluster), once this
   * authenticator no longer accepts the revoked ones. Returns an unsubscribe function. Authenticators whose tokens
   * never change leave it out.
   */
  /** Stops accepting a token this server has just revoked, without waiting for the store's notification. */
  forget?(tokenId: string): void;
  onTokensChanged?(listener: (changes: TokenChanges) => void): () => void;
}
