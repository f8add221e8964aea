export * from "./config-store.js";
export { FakeConfigStore } from "./fake-config-store.js";
