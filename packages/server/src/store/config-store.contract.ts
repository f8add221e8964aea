import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "../kernel/index.js";
import { describeChangeLogContract } from "./config-store-changes.contract.js";
import {
  by,
  type ConfigStoreHarness,
  type ContractFeatures,
  expectAppError,
  type HarnessRef,
  uniqueKey,
  waitFor,
} from "./config-store-helpers.contract.js";
import { describeScheduleContract } from "./config-store-schedules.contract.js";

export type { ConfigStoreHarness, ContractFeatures } from "./config-store-helpers.contract.js";

/** The behaviour every `ConfigStore` must have: run it against the fake and every real backend. */
export function describeConfigStoreContract(
  name: string,
  factory: () => Promise<ConfigStoreHarness>,
  features: ContractFeatures = {},
): void {
  describe(`ConfigStore contract: ${name}`, () => {
    let harness: ConfigStoreHarness | undefined;
    const ref: HarnessRef = () => {
      if (harness === undefined) throw new Error("The store under test did not open.");
      return harness;
    };
    beforeAll(async () => {
      harness = await factory();
    });
    afterAll(async () => {
      await harness?.teardown();
    });

    describeDocumentContract(ref);
    describeChangeLogContract(ref, features);
    describeReleaseAndTokenContract(ref);
    describeScheduleContract(ref);
    describeCommittedContract(ref, features);
  });
}

function describeDocumentContract(ref: HarnessRef): void {
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

function describeReleaseAndTokenContract(ref: HarnessRef): void {
  describe("releases", () => {
    it("stores releases with a marker change and lists them newest first, filtered", async () => {
      const { store } = ref();
      const env = uniqueKey("env");
      const first = await store.createRelease(
        { sha: "aaa1111", environment: env, deployedAt: "2031-01-01T00:00:00.000Z" },
        by("ci", "release.create"),
      );
      await store.createRelease(
        { sha: "bbb2222", environment: env, deployedAt: "2031-01-02T00:00:00.000Z" },
        by("ci", "release.create"),
      );
      await store.createRelease(
        { sha: "ccc3333", environment: env, deployedAt: "2031-01-03T00:00:00.000Z" },
        by("ci", "release.create"),
      );
      expect(first).toMatchObject({ sha: "aaa1111", environment: env, deployedAt: "2031-01-01T00:00:00.000Z" });
      expect(typeof first.id).toBe("number");
      const listed = await store.listReleases({ environment: env });
      expect(listed.map((r) => r.sha)).toEqual(["ccc3333", "bbb2222", "aaa1111"]);
      const window = await store.listReleases({
        environment: env,
        from: "2031-01-02T00:00:00.000Z",
        to: "2031-01-03T00:00:00.000Z",
      });
      expect(window.map((r) => r.sha)).toEqual(["bbb2222"]);
      expect((await store.listReleases({ environment: env, limit: 1 })).map((r) => r.sha)).toEqual(["ccc3333"]);
      const markers = await store.listChanges({ environment: env, action: "release.create" });
      expect(markers.map((c) => c.subjectKey)).toEqual(["ccc3333", "bbb2222", "aaa1111"]);
      expect(markers[0]?.subjectKind).toBe("release");
    });
  });

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

function describeCommittedContract(ref: HarnessRef, features: ContractFeatures): void {
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

    it("answers ping", async () => {
      await expect(ref().store.ping()).resolves.toBeUndefined();
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
