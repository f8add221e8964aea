import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { ChangeLog } from "./change-log.js";
import { by, expectAppError, type PortRef, uniqueKey } from "./config-store-helpers.contract.js";
import type { TokenStore } from "./token-store.js";

/** The `TokenStore` port's part of the config store contract: writes are logged, the hash never is. */
export function describeTokenStoreContract(ref: PortRef<TokenStore & ChangeLog>): void {
  describe("tokens", () => {
    it("finds a token by hash, refuses a duplicate hash, revokes idempotently and never logs the hash", async () => {
      const { store } = ref();
      const id = uniqueKey("tok");
      const hash = `sha256-${randomUUID()}`;
      const token = {
        id,
        kind: "server-sdk" as const,
        name: "web",
        role: null,
        environment: "production",
        hash,
        prefix: "sb_s",
      };
      const created = await store.createToken(token, by("ann", "token.create"));
      expect(created).toMatchObject({ ...token, revokedAt: null });
      expect(await store.findTokenByHash(hash)).toEqual(created);
      expect(await store.findTokenByHash(`sha256-${randomUUID()}`)).toBeUndefined();
      await expectAppError(
        store.createToken({ ...token, id: uniqueKey("tok") }, by("ann", "token.create")),
        "CONFLICT",
      );
      expect((await store.listTokens()).map((t) => t.id)).toContain(id);

      const revoked = await store.revokeToken(id, by("ann", "token.revoke"));
      expect(revoked.revokedAt).not.toBeNull();
      expect((await store.findTokenByHash(hash))?.revokedAt).toBe(revoked.revokedAt);
      expect((await store.revokeToken(id, by("ann", "token.revoke"))).revokedAt).toBe(revoked.revokedAt);
      await expectAppError(store.revokeToken(uniqueKey("nope"), by("ann", "token.revoke")), "NOT_FOUND");

      const log = await store.listChanges({ subjectKind: "token", subjectKey: id, ascending: true });
      expect(log.map((c) => c.action)).toEqual(["token.create", "token.revoke"]);
      expect(JSON.stringify(log)).not.toContain(hash);
    });
  });
}
