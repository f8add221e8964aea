import { describe, expect, it } from "vitest";
import type { ChangeLog } from "./change-log.js";
import type { CommitFeed } from "./commit-feed.js";
import {
  by,
  type ContractFeatures,
  expectAppError,
  type PortRef,
  uniqueKey,
  waitFor,
} from "./config-store-helpers.contract.js";
import type { DocumentStore } from "./document-store.js";

/** Opens a second store on the same database, like another server of the cluster. */
type OpenPeer = () => Promise<CommitFeed & DocumentStore & { close(): Promise<void> }>;

/** The `CommitFeed` port's part of the config store contract: one notification per commit, across servers too. */
export function describeCommitFeedContract(
  ref: PortRef<CommitFeed & DocumentStore & ChangeLog, { openPeer?: OpenPeer | undefined }>,
  features: ContractFeatures,
): void {
  describe("commit notifications", () => {
    it("calls onCommitted once per commit with its seq, not for failed writes, and stops on unsubscribe", async () => {
      const { store } = ref();
      const seen: number[] = [];
      const unsubscribe = store.onCommitted((seq) => seen.push(seq));
      const key = uniqueKey("notify");
      const a = await store.createDocument("flag", key, { n: 1 }, by("ann", "flag.create"));
      await expectAppError(store.createDocument("flag", key, { n: 1 }, by("ann", "flag.create")), "CONFLICT");
      const b = await store.replaceDocument("flag", key, 1, { n: 2 }, by("ann"));
      await expectAppError(store.replaceDocument("flag", key, 1, { n: 3 }, by("ann")), "CONFLICT");
      const c = await store.recordChange({ ...by("ann", "pool.switch"), subjectKind: "pool", subjectKey: key });
      await waitFor(() => seen.length >= 3);
      await new Promise((resolve) => setTimeout(resolve, 150));
      expect(seen).toEqual([a.change.seq, b.change.seq, c.seq]);
      unsubscribe();
      await store.recordChange({ ...by("ann", "pool.switch"), subjectKind: "pool", subjectKey: key });
      await new Promise((resolve) => setTimeout(resolve, 150));
      expect(seen).toHaveLength(3);
    });

    // Registered only where the backend has it, so the other backends report no skipped tests.
    const itWithCluster = features.cluster === true ? it : () => {};
    itWithCluster("tells a second server on the same database about every commit", async () => {
      const { store, openPeer } = ref();
      if (openPeer === undefined) throw new Error("This backend must offer a peer store.");
      const peer = await openPeer();
      try {
        const seen: number[] = [];
        peer.onCommitted((seq) => seen.push(seq));
        const key = uniqueKey("cluster");
        const a = await store.createDocument("flag", key, { n: 1 }, by("ann", "flag.create"));
        const b = await store.replaceDocument("flag", key, 1, { n: 2 }, by("ann"));
        await waitFor(() => seen.length >= 2);
        expect(seen).toEqual([a.change.seq, b.change.seq]);
        expect((await peer.getDocument("flag", key))?.version).toBe(2);
      } finally {
        await peer.close();
      }
    });
  });
}
