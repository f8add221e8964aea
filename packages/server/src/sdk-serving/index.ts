export { type Audience, type CompiledPayload, compilePayload, evaluatorOf } from "./compiled-payload.js";
export { type FlagSetSnapshot, loadFlagSetSnapshot } from "./flag-set-snapshot.js";
export { type PayloadDelta, PayloadService, type PayloadServiceOptions } from "./payload-service.js";
export { SdkAuth, type SdkReader } from "./sdk-auth.js";
export { sdkRoutes } from "./sdk-routes.js";
export { createSdkServing, type SdkServing } from "./sdk-serving.js";
export type { SdkServingDeps } from "./sdk-serving-deps.js";
export type { StreamFormat, StreamSubscriber } from "./stream-channel.js";
export { StreamHub, type StreamHubOptions } from "./stream-hub.js";
