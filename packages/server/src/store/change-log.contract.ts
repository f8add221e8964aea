import { describe, expect, it } from "vitest";
import type { ChangeLog } from "./change-log.js";
import type { ContractFeatures, PortRef } from "./config-store-helpers.contract.js";
import { by, uniqueKey } from "./config-store-helpers.contract.js";

type RawQuery = (sql: string, params?: readonly unknown[]) => Promise<unknown>;

/** The `ChangeLog` port's part of the config store contract. */
export function describeChangeLogContract(
  ref: PortRef<ChangeLog, { rawQuery?: RawQuery | undefined }>,
  features: ContractFeatures,
): void {
  describe("change log", () => {
    it("orders by seq, newest first unless ascending, and reports the latest seq", async () => {
      const { store } = ref();
      const key = uniqueKey("order");
      const written = [];
      for (let i = 0; i < 5; i++) {
        written.push(await store.recordChange({ ...by("ann", "pool.switch"), subjectKind: "pool", subjectKey: key }));
      }
      const seqs = written.map((c) => c.seq);
      expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
      expect(new Set(seqs).size).toBe(5);
      expect(await store.latestSeq()).toBeGreaterThanOrEqual(seqs[4] ?? Number.NaN);
      const newest = await store.listChanges({ subjectKey: key });
      expect(newest.map((c) => c.seq)).toEqual([...seqs].reverse());
      const oldest = await store.listChanges({ subjectKey: key, ascending: true, limit: 2 });
      expect(oldest.map((c) => c.seq)).toEqual(seqs.slice(0, 2));
      const middle = await store.listChanges({
        subjectKey: key,
        afterSeq: seqs[0] ?? 0,
        beforeSeq: seqs[4] ?? 0,
        ascending: true,
      });
      expect(middle.map((c) => c.seq)).toEqual(seqs.slice(1, 4));
      expect(written[0]?.at).toBe(new Date(written[0]?.at ?? 0).toISOString());
    });

    it("filters by subject, environment, actor and action prefix", async () => {
      const { store } = ref();
      const key = uniqueKey("filter");
      const actor = uniqueKey("actor");
      const env = uniqueKey("env");
      const log = (action: string, environment: string | null, who = actor, subjectKind = "flag") =>
        store.recordChange({ actor: who, action, environment, subjectKind, subjectKey: key, reason: "because" });
      const kill = await log("flag.kill", env);
      const ramp = await log("flag.ramp", null);
      const seg = await log("segment.update", env, actor, "segment");
      const other = await log("flag_x.odd", env, uniqueKey("other"));
      expect(kill).toMatchObject({ reason: "because", environment: env, before: null, after: null, version: null });
      const seqsOf = (changes: { seq: number }[]) => changes.map((c) => c.seq);
      expect(seqsOf(await store.listChanges({ subjectKey: key, subjectKind: "flag" }))).toEqual([
        other.seq,
        ramp.seq,
        kill.seq,
      ]);
      expect(seqsOf(await store.listChanges({ subjectKey: key, environment: env }))).toEqual([
        other.seq,
        seg.seq,
        kill.seq,
      ]);
      expect(seqsOf(await store.listChanges({ actor }))).toEqual([seg.seq, ramp.seq, kill.seq]);
      expect(seqsOf(await store.listChanges({ subjectKey: key, action: "flag." }))).toEqual([ramp.seq, kill.seq]);
      expect(seqsOf(await store.listChanges({ subjectKey: key, action: "flag.kill" }))).toEqual([kill.seq]);
      // `_` is a literal character in the prefix, not a wildcard.
      expect(seqsOf(await store.listChanges({ subjectKey: key, action: "flag_" }))).toEqual([other.seq]);
    });

    it("filters by time, `from` inclusive and `to` exclusive", async () => {
      const { store } = ref();
      const key = uniqueKey("time");
      const first = await store.recordChange({ ...by("ann", "pool.switch"), subjectKind: "pool", subjectKey: key });
      await new Promise((resolve) => setTimeout(resolve, 5));
      const second = await store.recordChange({ ...by("ann", "pool.switch"), subjectKind: "pool", subjectKey: key });
      const fromFirst = await store.listChanges({ subjectKey: key, from: first.at });
      expect(fromFirst.map((c) => c.seq)).toEqual([second.seq, first.seq]);
      const beforeSecond = await store.listChanges({ subjectKey: key, to: second.at });
      expect(beforeSecond.map((c) => c.seq)).toEqual([first.seq]);
      expect(await store.listChanges({ subjectKey: key, from: "2999-01-01T00:00:00.000Z" })).toEqual([]);
    });

    it("keeps before and after as JSON", async () => {
      const { store } = ref();
      const key = uniqueKey("json");
      const before = { rules: [{ percent: 10 }], list: ["a", "b"] };
      const after = { rules: [], list: [] as string[], nested: { ok: true } };
      const change = await store.recordChange({
        ...by("ann", "flag.ramp"),
        subjectKind: "flag",
        subjectKey: key,
        before,
        after,
      });
      expect(change.before).toEqual(before);
      const [listed] = await store.listChanges({ subjectKey: key });
      expect(listed?.after).toEqual(after);
    });

    // Registered only where the backend has it, so the other backends report no skipped tests.
    const itWithRawSql = features.rawSql === true ? it : () => {};
    itWithRawSql("refuses to update or delete a change, even through raw SQL", async () => {
      const { store, rawQuery } = ref();
      if (rawQuery === undefined) throw new Error("This backend must offer raw SQL.");
      const key = uniqueKey("append");
      const change = await store.recordChange({ ...by("ann", "pool.switch"), subjectKind: "pool", subjectKey: key });
      await expect(rawQuery("UPDATE changes SET actor = 'mallory' WHERE seq = $1", [change.seq])).rejects.toThrow(
        /append-only/,
      );
      await expect(rawQuery("DELETE FROM changes WHERE seq = $1", [change.seq])).rejects.toThrow(/append-only/);
      await expect(rawQuery("TRUNCATE changes")).rejects.toThrow(/append-only/);
      expect((await store.listChanges({ subjectKey: key }))[0]?.actor).toBe("ann");
    });
  });
}
