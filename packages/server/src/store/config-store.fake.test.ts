import { describeConfigStoreContract } from "./config-store.contract.js";
import { FakeConfigStore } from "./fake-config-store.js";

describeConfigStoreContract("fake", async () => {
  const store = new FakeConfigStore();
  return { store, teardown: () => store.close() };
});
