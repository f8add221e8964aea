/** The OpenFeature provider for `@openfeature/web-sdk`. */

export { toSwitchboardContext } from "./map-context.js";
export { PROVIDER_NAME, type SwitchboardProviderOptions } from "./provider-options.js";
export { SwitchboardWebProvider } from "./switchboard-web-provider.js";
