import { describe, expect, it } from "vitest";
import { GroupCommit } from "./group-commit.js";

// A flush like a transaction: any refused payload fails the whole group, and nothing of a failed group is kept.
function transactionalWriter() {
  const committed: string[] = [];
  const groups: number[] = [];
  const writer = new GroupCommit<string, number>(async (payloads) => {
    groups.push(payloads.length);
    if (payloads.includes("bad")) throw new Error("refused: bad");
    committed.push(...payloads);
    return payloads.map((payload) => payload.length);
  });
  return { writer, committed, groups };
}

describe("GroupCommit", () => {
  it("writes payloads submitted together in one flush and answers each with its own result", async () => {
    const { writer, groups } = transactionalWriter();
    expect(await Promise.all([writer.submit("a"), writer.submit("bb"), writer.submit("ccc")])).toEqual([1, 2, 3]);
    expect(groups).toEqual([3]);
  });

  it("D1: a payload that fails its group is isolated; every other payload of the group is written", async () => {
    const { writer, committed } = transactionalWriter();
    const good = Array.from({ length: 20 }, (_, i) => writer.submit(`good-${i}`));
    const bad = writer.submit("bad");
    const outcomes = await Promise.allSettled([...good, bad]);
    expect(outcomes.filter((outcome) => outcome.status === "fulfilled")).toHaveLength(20);
    expect(outcomes[20]).toMatchObject({ status: "rejected", reason: new Error("refused: bad") });
    expect([...committed].sort()).toEqual(Array.from({ length: 20 }, (_, i) => `good-${i}`).sort());
  });

  it("D1: a group that fails as a whole for a reason of its own fails every payload once, alone", async () => {
    let calls = 0;
    const writer = new GroupCommit<string, number>(async () => {
      calls += 1;
      throw new Error("disk full");
    });
    const outcomes = await Promise.allSettled([writer.submit("a"), writer.submit("b")]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(["rejected", "rejected"]);
    expect(calls).toBe(3);
  });
});
