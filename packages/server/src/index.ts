export {
  type EventStore,
  type ImportProgress,
  importItems,
  readStoredItems,
  TransferLineError,
  transferLine,
} from "@switchboard/events";
export * from "./auth/index.js";
export * from "./config/parse-server-config.js";
export type * from "./config/server-config.js";
export * from "./control-plane/index.js";
export type { AppDeps } from "./http/app-deps.js";
export { createApp } from "./http/create-app.js";
export * from "./kernel/app-error.js";
export { openEventStore, openEventStoreAt } from "./open-event-store.js";
export * from "./start-server.js";
export * from "./startup-error.js";
export type * from "./store/config-store.js";
