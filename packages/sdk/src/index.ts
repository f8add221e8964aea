export type * from "./client/client-types.js";
export { createClient } from "./client/create-client.js";
export type {
  CustomerPreviewCheck,
  CustomerPreviewRefusal,
  PreviewResolver,
  PreviewResolverOptions,
} from "./client/customer-preview.js";
export { createPreviewResolver } from "./client/customer-preview.js";
