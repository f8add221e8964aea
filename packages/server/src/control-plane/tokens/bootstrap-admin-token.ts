import { hashTokenSecret } from "../../auth/index.js";
import { AppError } from "../../kernel/index.js";
import type { TokenStore } from "../../store/index.js";
import { issueToken } from "./token-service.js";

/** What start-up did with `SWITCHBOARD_ADMIN_TOKEN`, for the banner. */
export type ConfiguredAdminToken =
  /** It was not an admin token of this store yet (a first start, or a data folder made without it): added now. */
  | { status: "added" }
  /** It already is an admin token of this store. */
  | { status: "in-use" }
  /** It cannot be used, and was not made usable behind anyone's back: `why` says what to do. */
  | { status: "ignored"; why: string };

/** The admin token of this start: a generated one to show once, and what became of a configured one. */
export interface AdminTokenBootstrap {
  /** A generated secret, set only on the first start of an empty store without a configured token. */
  generated: string | null;
  /** Null when `SWITCHBOARD_ADMIN_TOKEN` was not set. */
  configured: ConfiguredAdminToken | null;
}

const SYSTEM = { actor: "system", role: "admin" as const };

/**
 * Makes sure the server can be administered. An empty store gets its first admin token: `config.adminToken` when
 * set, otherwise a generated one returned to be shown once. A configured token works on every start, not only the
 * first: a data folder first started without it (as `npm start` does) gets it added as a further admin token,
 * because silently ignoring it leaves the person who set it with nothing but 401s. A revoked token is never
 * brought back (revoking must stick) and a secret that belongs to a non-admin token is never promoted.
 */
export async function bootstrapAdminToken(
  store: TokenStore,
  config: { adminToken: string | null },
): Promise<AdminTokenBootstrap> {
  const chosen = config.adminToken;
  if (chosen === null) {
    if ((await store.listTokens()).length > 0) return { generated: null, configured: null };
    const token = { kind: "admin" as const, name: "bootstrap admin", role: "admin" as const, environment: null };
    const created = await issueToken(store, token, { ...SYSTEM, reason: "first start" });
    return { generated: created.secret, configured: null };
  }
  return { generated: null, configured: await ensureConfiguredToken(store, chosen) };
}

async function ensureConfiguredToken(store: TokenStore, secret: string): Promise<ConfiguredAdminToken> {
  const existing = await store.findTokenByHash(hashTokenSecret(secret));
  if (existing === undefined) {
    const first = (await store.listTokens()).length === 0;
    const name = first ? "bootstrap admin" : "SWITCHBOARD_ADMIN_TOKEN";
    const reason = first ? "first start" : "SWITCHBOARD_ADMIN_TOKEN set at start-up";
    try {
      await issueToken(store, { kind: "admin", name, role: "admin", environment: null }, { ...SYSTEM, reason }, secret);
      return { status: "added" };
    } catch (error) {
      // Another server of a cluster, starting with the same variable, added it first.
      if (error instanceof AppError && error.code === "CONFLICT") return ensureConfiguredToken(store, secret);
      throw error;
    }
  }
  if (existing.revokedAt !== null) {
    return {
      status: "ignored",
      why: `it was revoked at ${existing.revokedAt}, and a revoked token stays revoked; set a new one`,
    };
  }
  if (existing.kind !== "admin") {
    return {
      status: "ignored",
      why: `it is the secret of the ${existing.kind} token "${existing.name}", not an admin token; choose another`,
    };
  }
  return { status: "in-use" };
}
