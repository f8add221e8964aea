export {
  type ImportOptions,
  type ImportProgress,
  importItems,
  parseTransferLine,
  TransferLineError,
  transferLine,
} from "./import-items.js";
export { type ReadStoredItemsOptions, readStoredItems, type StoredItem } from "./stored-items.js";
