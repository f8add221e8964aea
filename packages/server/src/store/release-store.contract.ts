import { describe, expect, it } from "vitest";
import type { ChangeLog } from "./change-log.js";
import { by, type PortRef, uniqueKey } from "./config-store-helpers.contract.js";
import type { ReleaseStore } from "./release-store.js";

/** The `ReleaseStore` port's part of the config store contract: a release is also a marker in the change log. */
export function describeReleaseStoreContract(ref: PortRef<ReleaseStore & ChangeLog>): void {
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
}
