import { describe, expect, it } from "vitest";
import { describeEventStoreContract, sampleEvent } from "./event-store.contract.js";
import { type FakeAnswer, FakeEventStore } from "./fake-event-store.js";

// The contract's only statement counts the events of the environment named by its one parameter.
const countByEnvironment: FakeAnswer = (statement, items) => {
  const environment = statement.params[0];
  const n = items.filter((stored) => stored.item.type === "event" && stored.environment === environment).length;
  return { columns: ["n"], rows: [[n]] };
};

describeEventStoreContract("fake", async () => new FakeEventStore({ answer: countByEnvironment }));

describe("FakeEventStore", () => {
  it("records the statements it was asked to run", async () => {
    const store = new FakeEventStore({ answer: countByEnvironment });
    await store.run({ sql: "SELECT 1", params: ["production"] });
    expect(store.statements).toEqual([{ sql: "SELECT 1", params: ["production"] }]);
  });

  it("refuses to read when no answer was given, instead of inventing rows", async () => {
    const store = new FakeEventStore();
    await store.append({ batchId: "b1", environment: "production", items: [sampleEvent("e1")] });
    await expect(store.run({ sql: "SELECT 1", params: [] })).rejects.toThrow(/runs no SQL/);
  });

  it("keeps batch ids apart per kind of key", async () => {
    const store = new FakeEventStore();
    const batch = { batchId: "same", environment: "production", items: [sampleEvent("e1")] };
    await store.append(batch);
    expect(await store.append({ ...batch, keyKind: "client-sdk" })).toEqual({ stored: 1, duplicate: false });
  });
});
