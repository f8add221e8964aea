import { timingSafeEqual } from "node:crypto";
import { AppError } from "../errors/app-error.js";
import type { ConfigStore, TokenRecord } from "../store/config-store.js";
import type { Clock } from "../time/clock.js";
import type { Authenticator } from "./authenticator.js";
import { DEFAULT_FAILURE_RATE_LIMITS, FailureRateLimiter, type FailureRateLimits } from "./failure-rate-limiter.js";
import type { Principal } from "./principal.js";
import { hashTokenSecret } from "./token-secret.js";

/** Secrets longer than this are never looked up (no legitimate secret is that long). */
const MAX_SECRET_LENGTH = 512;

/** Authenticates tokens and SDK keys against their stored SHA-256 hashes, rate-limiting failures per address. */
export class TokenAuthenticator implements Authenticator {
  readonly #limiter: FailureRateLimiter;

  constructor(
    private readonly store: ConfigStore,
    clock: Clock,
    limits: FailureRateLimits = DEFAULT_FAILURE_RATE_LIMITS,
  ) {
    this.#limiter = new FailureRateLimiter(clock, limits);
  }

  async authenticate(secret: string, clientAddress: string): Promise<Principal> {
    // A limited address is refused even with a valid secret, so guessing cannot go on at a slower pace.
    this.#refuseIfLimited(clientAddress);
    const record = await this.#lookup(secret);
    if (record === undefined || record.revokedAt !== null) {
      this.#limiter.recordFailure(clientAddress);
      const revoked = record !== undefined;
      throw new AppError(
        "UNAUTHENTICATED",
        revoked ? "This token has been revoked." : "The token is not valid. Send Authorization: Bearer <token>.",
      );
    }
    return {
      tokenId: record.id,
      kind: record.kind,
      name: record.name,
      role: record.role,
      environment: record.environment,
    };
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

  #refuseIfLimited(clientAddress: string): void {
    const retryAfterSeconds = this.#limiter.retryAfterSeconds(clientAddress);
    if (retryAfterSeconds > 0) {
      throw new AppError(
        "RATE_LIMITED",
        `Too many failed authentication attempts; try again in ${retryAfterSeconds} s.`,
        [],
        { retryAfterSeconds },
      );
    }
  }
}
