/** The OpenFeature provider for `@openfeature/server-sdk`. */

export { toSwitchboardContext } from "./map-context.js";
export { PROVIDER_NAME, type SwitchboardProviderOptions } from "./provider-options.js";
export { SwitchboardProvider } from "./switchboard-provider.js";
