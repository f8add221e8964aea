export type * from "./event-store.js";
export { type FakeAnswer, FakeEventStore, type FakeStoredItem } from "./fake-event-store.js";
export { type FlatAttributes, flattenFields } from "./flatten-fields.js";
