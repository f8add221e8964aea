import type { Clock, ReasonPolicy } from "../kernel/index.js";
import type { ConfigStore } from "../store/index.js";

/** What every control-plane service is built from: one config store, the clock and the reason policy. */
export interface ServiceDeps {
  store: ConfigStore;
  clock: Clock;
  config: ReasonPolicy;
}
