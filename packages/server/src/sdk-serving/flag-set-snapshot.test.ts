import { describe, expect, it } from "vitest";
import { FakeConfigStore } from "../store/fake-config-store.js";
import { advanceFlagSetSnapshot, loadFlagSetSnapshot } from "./flag-set-snapshot.js";
import { seedStore, setEnabled } from "./testing/sdk-test-support.js";

describe("advanceFlagSetSnapshot", () => {
  it("reaches the same flag set as a full read after flag, segment, archive and environment writes", async () => {
    const store = new FakeConfigStore();
    await seedStore(store);
    const start = await loadFlagSetSnapshot(store);
    await setEnabled(store, "new-checkout", false);
    const segment = await store.getDocument("segment", "staff");
    await store.replaceDocument(
      "segment",
      "staff",
      segment?.version ?? 0,
      { condition: { country: "jp" } },
      {
        actor: "test",
        action: "segment.update",
      },
    );
    const flag = await store.getDocument("flag", "search-limit");
    await store.replaceDocument(
      "flag",
      "search-limit",
      flag?.version ?? 0,
      flag?.body,
      { actor: "test", action: "flag.archive" },
      {
        archived: true,
      },
    );
    await store.createDocument("environment", "development", {}, { actor: "test", action: "environment.create" });
    await store.recordChange({ actor: "test", action: "release.create", subjectKind: "release", subjectKey: "abc" });
    const advanced = await advanceFlagSetSnapshot(store, start);
    const full = await loadFlagSetSnapshot(store);
    expect(advanced.seq).toBe(full.seq);
    expect(advanced.flagSet).toEqual(full.flagSet);
    expect(advanced.basis).toEqual({
      previousSeq: start.seq,
      flags: new Set(["new-checkout", "search-limit"]),
      full: true,
    });
    expect(await advanceFlagSetSnapshot(store, advanced)).toBe(advanced);
  });

  it("marks a flag-only step as a patch basis", async () => {
    const store = new FakeConfigStore();
    await seedStore(store);
    const start = await loadFlagSetSnapshot(store);
    await setEnabled(store, "beta-banner", false);
    const advanced = await advanceFlagSetSnapshot(store, start);
    expect(advanced.basis).toEqual({ previousSeq: start.seq, flags: new Set(["beta-banner"]), full: false });
    expect(advanced.flagSet.flags["beta-banner"]?.environments?.["production"]?.enabled).toBe(false);
  });
});
