export { PREVIEW_PARAM, previewOverridesFromRequest } from "../client/preview-overrides.js";
export type { PreviewClaims, PreviewVerification, PreviewVerifyOptions } from "../client/preview-token.js";
export { mintPreviewToken, verifyPreviewToken } from "../client/preview-token.js";
export * from "../index.js";
export { createClient, type NodeClientOptions } from "./create-node-client.js";
export { DEFAULT_CACHE_PATH, FilePayloadCache } from "./file-payload-cache.js";
export { currentContext, runWithContext } from "./request-context.js";
