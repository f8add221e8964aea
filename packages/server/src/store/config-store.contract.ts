import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeChangeLogContract } from "./change-log.contract.js";
import { describeCommitFeedContract } from "./commit-feed.contract.js";
import type { ConfigStoreHarness, ContractFeatures, HarnessRef } from "./config-store-helpers.contract.js";
import { describeDocumentKindContract } from "./document-kind.contract.js";
import { describeDocumentStoreContract } from "./document-store.contract.js";
import { describeMonitorStoreContract } from "./monitor-store.contract.js";
import { describeReleaseStoreContract } from "./release-store.contract.js";
import { describeScheduleStoreContract } from "./schedule-store.contract.js";
import { describeTokenStoreContract } from "./token-store.contract.js";

export type { ConfigStoreHarness, ContractFeatures } from "./config-store-helpers.contract.js";

/**
 * The behaviour every `ConfigStore` must have: each port's part, run against the fake and every real backend. A new
 * port brings its own `*-store.contract.ts` part and is listed here.
 */
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

    describeDocumentStoreContract(ref);
    describeDocumentKindContract(ref);
    describeChangeLogContract(ref, features);
    describeReleaseStoreContract(ref);
    describeTokenStoreContract(ref);
    describeScheduleStoreContract(ref);
    describeMonitorStoreContract(ref);
    describeCommitFeedContract(ref, features);
    describe("lifecycle", () => {
      it("answers ping", async () => {
        await expect(ref().store.ping()).resolves.toBeUndefined();
      });
    });
  });
}
