import { timingSafeEqual } from "node:crypto";
import type { Clock, Principal } from "../kernel/index.js";
import type { ChangeLog, CommitFeed, TokenRecord, TokenStore } from "../store/index.js";
import type { Authenticator } from "./authenticator.js";
import {
  type AuthFailureStats,
  DEFAULT_FAILURE_GUARD_LIMITS,
  FailureGuard,
  type FailureGuardLimits,
} from "./failure-guard.js";
import { type TokenChanges, watchTokenChanges } from "./token-change-watcher.js";
import { hashTokenSecret } from "./token-secret.js";
import {
  DEFAULT_VERIFIED_TOKEN_CACHE_LIMITS,
  VerifiedTokenCache,
  type VerifiedTokenCacheLimits,
} from "./verified-token-cache.js";

/** Secrets longer than this are never looked up (no legitimate secret is that long). */
const MAX_SECRET_LENGTH = 512;

/** Options of {@link TokenAuthenticator}; the defaults are {@link DEFAULT_FAILURE_GUARD_LIMITS} and a 30 s cache. */
export type TokenAuthenticatorOptions = Partial<FailureGuardLimits> & { cache?: Partial<VerifiedTokenCacheLimits> };

/**
 * Authenticates tokens and SDK keys against their stored SHA-256 hashes. The token is checked first: failures
 * are limited per client address and per token prefix, and slowed once the global failure budget is spent.
 * Verified tokens are cached briefly and evicted as soon as the store reports their revocation, also when
 * another server of the cluster revoked them.
 */
export class TokenAuthenticator implements Authenticator {
  readonly #failures: FailureGuard;
  readonly #cache: VerifiedTokenCache;
  readonly #listeners = new Set<(changes: TokenChanges) => void>();
  /** Look-ups in flight by hash: a fleet of SDKs reconnecting after a restart presents one key a thousand times. */
  readonly #inFlight = new Map<string, Promise<TokenRecord | undefined>>();

  constructor(
    private readonly store: TokenStore & ChangeLog & CommitFeed,
    clock: Clock,
    options: TokenAuthenticatorOptions = {},
  ) {
    this.#failures = new FailureGuard(clock, { ...DEFAULT_FAILURE_GUARD_LIMITS, ...options });
    this.#cache = new VerifiedTokenCache(clock, { ...DEFAULT_VERIFIED_TOKEN_CACHE_LIMITS, ...options.cache });
    watchTokenChanges(store, (changes) => this.#tokensChanged(changes));
  }

  async authenticate(secret: string, clientAddress: string): Promise<Principal> {
    const tooLong = secret.length > MAX_SECRET_LENGTH;
    const hash = tooLong ? "" : hashTokenSecret(secret);
    const cached = this.#cache.get(hash);
    if (cached !== undefined) return cached;
    const generation = this.#cache.generation;
    const record = tooLong ? undefined : await this.#lookupOnce(secret, hash);
    if (record === undefined || record.revokedAt !== null) {
      return this.#failures.refuse(secret, clientAddress, record === undefined ? "unknown" : "revoked");
    }
    const principal = principalOf(record);
    this.#cache.remember(hash, principal, generation);
    return principal;
  }

  forget(tokenId: string): void {
    this.#tokensChanged({ revokedIds: new Set([tokenId]) });
  }

  onTokensChanged(listener: (changes: TokenChanges) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  failureStats(): AuthFailureStats {
    return this.#failures.stats();
  }

  #tokensChanged(changes: TokenChanges): void {
    this.#cache.evict(changes.revokedIds);
    for (const listener of [...this.#listeners]) listener(changes);
  }

  #lookupOnce(secret: string, hash: string): Promise<TokenRecord | undefined> {
    const pending = this.#inFlight.get(hash);
    if (pending !== undefined) return pending;
    const lookup = this.#lookup(secret, hash).finally(() => this.#inFlight.delete(hash));
    this.#inFlight.set(hash, lookup);
    return lookup;
  }

  async #lookup(secret: string, hash: string): Promise<TokenRecord | undefined> {
    if (secret.length === 0) return undefined;
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
