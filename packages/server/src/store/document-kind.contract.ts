import { describe, expect, it } from "vitest";
import type { ChangeLog } from "./change-log.js";
import { by, expectAppError, type PortRef, uniqueKey } from "./config-store-helpers.contract.js";
import type { DocumentKindRegistry } from "./document-kind-registry.js";
import type { DocumentStore } from "./document-store.js";

/**
 * The open set of document kinds: a kind registered at run time gets versions, archiving, history and change-log
 * entries from the store with no code or table of its own (how metrics, monitors and channels are kept).
 */
export function describeDocumentKindContract(
  ref: PortRef<DocumentStore & ChangeLog, { kinds: DocumentKindRegistry }>,
): void {
  describe("document kinds", () => {
    it("keeps versions, history and change-log entries for a newly registered kind", async () => {
      const { store, kinds } = ref();
      const kind = uniqueKey("metric");
      kinds.register(kind);
      const key = uniqueKey("checkout-rate");
      const created = await store.createDocument(kind, key, { event: "checkout" }, by("ann", `${kind}.create`));
      expect(created.document).toMatchObject({ kind, key, version: 1, archived: false });
      const updated = await store.replaceDocument(kind, key, 1, { event: "purchase" }, by("bob", `${kind}.update`));
      await expectAppError(store.replaceDocument(kind, key, 1, { event: "x" }, by("eve")), "CONFLICT");
      await store.replaceDocument(kind, key, 2, { event: "purchase" }, by("bob", `${kind}.archive`), {
        archived: true,
      });
      expect(updated.change).toMatchObject({ before: { event: "checkout" }, after: { event: "purchase" } });
      expect((await store.getDocument(kind, key))?.version).toBe(3);
      expect(await store.listDocuments(kind)).toEqual([]);
      expect((await store.listDocuments(kind, { includeArchived: true })).map((d) => d.key)).toEqual([key]);
      const history = await store.listChanges({ subjectKind: kind, subjectKey: key, ascending: true });
      expect(history.map((c) => [c.version, c.action, c.actor])).toEqual([
        [1, `${kind}.create`, "ann"],
        [2, `${kind}.update`, "bob"],
        [3, `${kind}.archive`, "bob"],
      ]);
      expect((await store.listChanges({ action: `${kind}.` })).map((c) => c.seq)).toEqual(
        [...history].reverse().map((c) => c.seq),
      );
    });

    it("refuses reads and writes of a kind nobody registered", async () => {
      const { store } = ref();
      const kind = uniqueKey("unregistered");
      await expectAppError(store.createDocument(kind, "k", {}, by("ann", `${kind}.create`)), "BAD_REQUEST");
      await expectAppError(store.replaceDocument(kind, "k", 1, {}, by("ann")), "BAD_REQUEST");
      await expectAppError(store.getDocument(kind, "k"), "BAD_REQUEST");
      await expectAppError(store.listDocuments(kind), "BAD_REQUEST");
      expect(await store.listChanges({ subjectKind: kind })).toEqual([]);
    });
  });
}
