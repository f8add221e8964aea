import { describe, expect, it } from "vitest";
import { AppError } from "../kernel/index.js";
import type { ChangeLog } from "./change-log.js";
import { by, expectAppError, type PortRef, uniqueKey } from "./config-store-helpers.contract.js";
import type { DocumentStore } from "./document-store.js";

/** The `DocumentStore` port's part of the config store contract (the change log shows what each write logged). */
export function describeDocumentStoreContract(ref: PortRef<DocumentStore & ChangeLog>): void {
  describe("documents", () => {
    it("creates version 1 with its change, reads it back and lists it by key", async () => {
      const { store } = ref();
      const key = uniqueKey("doc");
      const written = await store.createDocument("segment", key, { ids: [1, 2] }, by("ann", "segment.create"));
      expect(written.document).toMatchObject({ kind: "segment", key, body: { ids: [1, 2] }, version: 1 });
      expect(written.document.archived).toBe(false);
      expect(written.change).toMatchObject({ subjectKind: "segment", subjectKey: key, version: 1, before: null });
      expect(written.change.after).toEqual({ ids: [1, 2] });
      expect(await store.getDocument("segment", key)).toEqual(written.document);
      expect(new Date(written.document.createdAt).toISOString()).toBe(written.document.createdAt);
      const listed = await store.listDocuments("segment");
      expect(listed.map((d) => d.key)).toContain(key);
      expect(await store.getDocument("segment", uniqueKey("missing"))).toBeUndefined();
    });

    it("refuses to create a key that exists, archived or not", async () => {
      const { store } = ref();
      const key = uniqueKey("dup");
      await store.createDocument("flag", key, { a: 1 }, by("ann", "flag.create"));
      await expectAppError(store.createDocument("flag", key, { a: 2 }, by("ann", "flag.create")), "CONFLICT");
      await store.replaceDocument("flag", key, 1, { a: 1 }, by("ann", "flag.archive"), { archived: true });
      await expectAppError(store.createDocument("flag", key, { a: 3 }, by("ann", "flag.create")), "CONFLICT");
      // The same key in another kind is another document.
      await store.createDocument("segment", key, { a: 4 }, by("ann", "segment.create"));
    });

    it("replaces by compare-and-swap, logging before and after", async () => {
      const { store } = ref();
      const key = uniqueKey("cas");
      await store.createDocument("flag", key, { on: false }, by("ann", "flag.create"));
      const second = await store.replaceDocument("flag", key, 1, { on: true }, by("bob", "flag.update"));
      expect(second.document.version).toBe(2);
      expect(second.change).toMatchObject({ version: 2, before: { on: false }, after: { on: true }, actor: "bob" });
      const stale = await expectAppError(store.replaceDocument("flag", key, 1, { on: 1 }, by("eve")), "CONFLICT");
      expect(stale.meta["currentVersion"]).toBe(2);
      await expectAppError(store.replaceDocument("flag", uniqueKey("none"), 1, {}, by("eve")), "NOT_FOUND");
      expect((await store.getDocument("flag", key))?.body).toEqual({ on: true });
    });

    it("writes a batch all or nothing: one stale version leaves every document and the log as they were", async () => {
      const { store } = ref();
      const [a, b, c] = [uniqueKey("batch-a"), uniqueKey("batch-b"), uniqueKey("batch-c")];
      await store.createDocument("flag", a, { n: 1 }, by("ann", "flag.create"));
      await store.createDocument("flag", b, { n: 1 }, by("ann", "flag.create"));
      const seqBefore = await store.latestSeq();
      const stale = store.writeDocuments([
        { kind: "flag", key: c, expectedVersion: null, body: { n: 1 }, change: by("bob", "flag.create") },
        { kind: "flag", key: a, expectedVersion: 1, body: { n: 2 }, change: by("bob", "flag.update") },
        { kind: "flag", key: b, expectedVersion: 7, body: { n: 2 }, change: by("bob", "flag.update") },
      ]);
      const conflict = await expectAppError(stale, "CONFLICT");
      expect(conflict.meta["currentVersion"]).toBe(1);
      expect(await store.getDocument("flag", c)).toBeUndefined();
      expect((await store.getDocument("flag", a))?.version).toBe(1);
      expect(await store.latestSeq()).toBe(seqBefore);
      await expectAppError(
        store.writeDocuments([
          { kind: "flag", key: c, expectedVersion: null, body: { n: 1 }, change: by("bob", "flag.create") },
          { kind: "flag", key: uniqueKey("none"), expectedVersion: 1, body: {}, change: by("bob", "flag.update") },
        ]),
        "NOT_FOUND",
      );
      expect(await store.getDocument("flag", c)).toBeUndefined();

      const written = await store.writeDocuments([
        { kind: "flag", key: c, expectedVersion: null, body: { n: 1 }, change: by("bob", "flag.create") },
        { kind: "flag", key: a, expectedVersion: 1, body: { n: 2 }, change: by("bob", "flag.update") },
        { kind: "flag", key: b, expectedVersion: 1, body: { n: 1 }, archived: true, change: by("bob", "flag.archive") },
      ]);
      expect(written.map((w) => [w.document.key, w.document.version, w.document.archived])).toEqual([
        [c, 1, false],
        [a, 2, false],
        [b, 2, true],
      ]);
      // Logged in batch order, one change per write.
      expect(written.map((w) => w.change.action)).toEqual(["flag.create", "flag.update", "flag.archive"]);
      expect(written[1]?.change.seq).toBeGreaterThan(written[0]?.change.seq ?? Infinity);
      expect(await store.latestSeq()).toBe(written[2]?.change.seq);
    });

    it("archives and unarchives; lists archived documents only when asked", async () => {
      const { store } = ref();
      const key = uniqueKey("arch");
      await store.createDocument("experiment", key, { h: "x" }, by("ann", "experiment.create"));
      const archived = await store.replaceDocument("experiment", key, 1, { h: "x" }, by("ann"), { archived: true });
      expect(archived.document.archived).toBe(true);
      expect((await store.listDocuments("experiment")).map((d) => d.key)).not.toContain(key);
      const all = await store.listDocuments("experiment", { includeArchived: true });
      expect(all.find((d) => d.key === key)?.archived).toBe(true);
      const kept = await store.replaceDocument("experiment", key, 2, { h: "y" }, by("ann"));
      expect(kept.document.archived).toBe(true);
      const back = await store.replaceDocument("experiment", key, 3, { h: "y" }, by("ann"), { archived: false });
      expect(back.document.archived).toBe(false);
      expect((await store.listDocuments("experiment")).map((d) => d.key)).toContain(key);
    });

    it("loses no update under 50 concurrent writers that retry on CONFLICT", async () => {
      const { store } = ref();
      const key = uniqueKey("race");
      await store.createDocument("flag", key, { writers: [] as number[] }, by("setup", "flag.create"));
      const writer = async (index: number): Promise<number> => {
        for (let attempt = 1; ; attempt++) {
          const current = await store.getDocument<{ writers: number[] }>("flag", key);
          if (current === undefined) throw new Error("document vanished");
          const body = { writers: [...current.body.writers, index] };
          try {
            await store.replaceDocument("flag", key, current.version, body, by(`writer-${index}`));
            return attempt;
          } catch (error) {
            if (!(error instanceof AppError) || error.code !== "CONFLICT") throw error;
          }
        }
      };
      await Promise.all(Array.from({ length: 50 }, (_, i) => writer(i)));
      const final = await store.getDocument<{ writers: number[] }>("flag", key);
      expect(final?.version).toBe(51);
      expect([...(final?.body.writers ?? [])].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
      const log = await store.listChanges({ subjectKind: "flag", subjectKey: key, ascending: true, limit: 1000 });
      expect(log.map((c) => c.version)).toEqual(Array.from({ length: 51 }, (_, i) => i + 1));
      const actors = log.slice(1).map((c) => c.actor);
      expect(new Set(actors).size).toBe(50);
    });
  });
}
