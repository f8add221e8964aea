import type { TokenStore } from "../../store/index.js";
import { issueToken } from "./token-service.js";

/**
 * Creates the first admin token on a store without tokens. Uses `config.adminToken` as the secret when set;
 * otherwise generates one and returns it (to be shown once). Returns null when nothing new must be shown.
 */
export async function bootstrapAdminToken(
  store: TokenStore,
  config: { adminToken: string | null },
): Promise<string | null> {
  if ((await store.listTokens()).length > 0) return null;
  const context = { actor: "system", role: "admin" as const, reason: "first start" };
  const token = { kind: "admin" as const, name: "bootstrap admin", role: "admin" as const, environment: null };
  const created = await issueToken(store, token, context, config.adminToken ?? undefined);
  return config.adminToken === null ? created.secret : null;
}
