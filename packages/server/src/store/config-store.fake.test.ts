import { describeConfigStoreContract } from "./config-store.contract.js";
import { DocumentKindRegistry } from "./document-kind-registry.js";
import { FakeConfigStore } from "./fake-config-store.js";

describeConfigStoreContract("fake", async () => {
  const kinds = DocumentKindRegistry.withBuiltIns();
  const store = new FakeConfigStore(undefined, kinds);
  return { store, kinds, teardown: () => store.close() };
});
