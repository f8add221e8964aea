import type { Clock, ReasonPolicy } from "../kernel/index.js";
import type { ConfigStore } from "../store/index.js";

/**
 * What every control-plane service is built from: the config store, the clock and the reason policy. A service
 * names the ports it uses as `S`, so it states (and its tests can fake) no more of the store than it needs.
 */
export interface ServiceDeps<S = ConfigStore> {
  store: S;
  clock: Clock;
  config: ReasonPolicy;
}
