export {
  type EventStore,
  type ImportProgress,
  importItems,
  readStoredItems,
  TransferLineError,
  transferLine,
} from "@switchboard/events";
export * from "./auth/index.js";
export {
  type AppDeps,
  // The composed app under its first public name: embedders that call `createApp(deps)` keep working.
  composeApp as createApp,
  composeApp,
  composeFeatures,
  type FeatureDeps,
  type Features,
} from "./compose-features.js";
export * from "./config/parse-server-config.js";
export type * from "./config/server-config.js";
export * from "./control-plane/index.js";
export * from "./kernel/app-error.js";
export { openEventStore, openEventStoreAt } from "./open-event-store.js";
export * from "./start-server.js";
export * from "./startup-error.js";
export type * from "./store/config-store.js";
