import { timingSafeEqual } from "node:crypto";
import type { ConfigStore, TokenRecord } from "../store/config-store.js";
import type { Clock } from "../time/clock.js";
import type { Authenticator } from "./authenticator.js";
import {
  type AuthFailureStats,
  DEFAULT_FAILURE_GUARD_LIMITS,
  FailureGuard,
  type FailureGuardLimits,
} from "./failure-guard.js";
import type { Principal } from "./principal.js";
import { hashTokenSecret } from "./token-secret.js";

/** Secrets longer than this are never looked up (no legitimate secret is that long). */
const MAX_SECRET_LENGTH = 512;

/** Options of {@link TokenAuthenticator}; each defaults to {@link DEFAULT_FAILURE_GUARD_LIMITS}. */
export type TokenAuthenticatorOptions = Partial<FailureGuardLimits>;

/**
 * Authenticates tokens and SDK keys against their stored SHA-256 hashes. The token is checked first: failures
 * are limited per client address and per token prefix, and slowed once the global failure budget is spent.
 */
export class TokenAuthenticator implements Authenticator {
  readonly #failures: FailureGuard;

  constructor(
    private readonly store: ConfigStore,
    clock: Clock,
    options: TokenAuthenticatorOptions = {},
  ) {
    this.#failures = new FailureGuard(clock, { ...DEFAULT_FAILURE_GUARD_LIMITS, ...options });
  }

  async authenticate(secret: string, clientAddress: string): Promise<Principal> {
    const record = await this.#lookup(secret);
    if (record === undefined || record.revokedAt !== null) {
      return this.#failures.refuse(secret, clientAddress, record === undefined ? "unknown" : "revoked");
    }
    return principalOf(record);
  }

  failureStats(): AuthFailureStats {
    return this.#failures.stats();
  }

  async #lookup(secret: string): Promise<TokenRecord | undefined> {
    if (secret.length === 0 || secret.length > MAX_SECRET_LENGTH) return undefined;
    const hash = hashTokenSecret(secret);
    const record = await this.store.findTokenByHash(hash);
    if (record === undefined) return undefined;
    const expected = Buffer.from(record.hash, "hex");
    const presented = Buffer.from(hash, "hex");
    // The store found the row by hash; the constant-time check keeps a lookup that is not exact from leaking.
    if (expected.length !== presented.length || !timingSafeEqual(expected, presented)) return undefined;
    return record;
  }
}

function principalOf(record: TokenRecord): Principal {
  return {
    tokenId: record.id,
    kind: record.kind,
    name: record.name,
    role: record.role,
    environment: record.environment,
  };
}
