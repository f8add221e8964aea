import type { Clock, Principal } from "../kernel/index.js";

/** How long and how many verified tokens are remembered. */
export interface VerifiedTokenCacheLimits {
  /** Bounds how long a revocation whose notification was lost keeps working; notified ones are evicted at once. */
  ttlMs: number;
  maxEntries: number;
}

/** 30 s, 10,000 tokens. */
export const DEFAULT_VERIFIED_TOKEN_CACHE_LIMITS: VerifiedTokenCacheLimits = { ttlMs: 30_000, maxEntries: 10_000 };

interface Entry {
  principal: Principal;
  expiresAtMs: number;
}

/**
 * Principals of recently verified tokens by the hash of their secret, so hot paths (ingest, SDK reads) need not
 * ask the config store on every request. Token changes evict; a look-up that raced one is not remembered.
 */
export class VerifiedTokenCache {
  readonly #entries = new Map<string, Entry>();
  #generation = 0;

  constructor(
    private readonly clock: Clock,
    private readonly limits: VerifiedTokenCacheLimits = DEFAULT_VERIFIED_TOKEN_CACHE_LIMITS,
  ) {}

  /** Changes with every eviction; pass the value read before a store look-up to {@link remember}. */
  get generation(): number {
    return this.#generation;
  }

  get size(): number {
    return this.#entries.size;
  }

  /** The principal of a verified secret hash that has not expired, else undefined. */
  get(hash: string): Principal | undefined {
    const entry = this.#entries.get(hash);
    if (entry === undefined) return undefined;
    if (entry.expiresAtMs > this.#now()) return entry.principal;
    this.#entries.delete(hash);
    return undefined;
  }

  /** Remembers a verified principal, unless tokens changed since `generation` (the look-up may be stale). */
  remember(hash: string, principal: Principal, generation: number): void {
    if (generation !== this.#generation) return;
    this.#entries.delete(hash);
    this.#entries.set(hash, { principal, expiresAtMs: this.#now() + this.limits.ttlMs });
    while (this.#entries.size > this.limits.maxEntries) {
      const oldest = this.#entries.keys().next().value;
      if (oldest === undefined) break;
      this.#entries.delete(oldest);
    }
  }

  /** Forgets the given tokens (all of them when `tokenIds` is "all"). */
  evict(tokenIds: ReadonlySet<string> | "all"): void {
    if (tokenIds !== "all" && tokenIds.size === 0) return;
    this.#generation++;
    if (tokenIds === "all") {
      this.#entries.clear();
      return;
    }
    for (const [hash, entry] of this.#entries) {
      if (tokenIds.has(entry.principal.tokenId)) this.#entries.delete(hash);
    }
  }

  #now(): number {
    return this.clock.now().getTime();
  }
}
