import type { Authenticator } from "../auth/authenticator.js";
import { TokenService } from "../auth/token-service.js";
import type { ServerConfig } from "../config/server-config.js";
import type { Clock } from "../kernel/clock.js";
import type { ConfigStore, Schedule } from "../store/config-store.js";
import { ActivationService } from "./activation-service.js";
import { ChangeService } from "./change-service.js";
import { EnvironmentService } from "./environment-service.js";
import { ExperimentService } from "./experiment-service.js";
import { FlagService } from "./flag-service.js";
import { ReleaseService } from "./release-service.js";
import { ScheduleService } from "./schedule-service.js";
import { SegmentService } from "./segment-service.js";

/** What the domain services are built from. */
export interface ServiceDeps {
  store: ConfigStore;
  clock: Clock;
  config: Pick<ServerConfig, "reasonRequiredIn">;
}

/** Every domain service of the control plane, over one config store. */
export interface Services {
  flags: FlagService;
  activations: ActivationService;
  schedules: ScheduleService;
  segments: SegmentService;
  experiments: ExperimentService;
  environments: EnvironmentService;
  releases: ReleaseService;
  changes: ChangeService;
  tokens: TokenService;
}

/** Builds the domain services. */
export function createServices({ store, clock, config, auth }: ServiceDeps & { auth?: Authenticator }): Services {
  return {
    flags: new FlagService(store, config),
    activations: new ActivationService(store, config),
    schedules: new ScheduleService(store, clock, config),
    segments: new SegmentService(store, config),
    experiments: new ExperimentService(store),
    environments: new EnvironmentService(store),
    releases: new ReleaseService(store, clock),
    changes: new ChangeService(store),
    tokens: new TokenService(store, auth),
  };
}

/** Applies one due schedule (what the scheduler loop calls); throws when it no longer applies. */
export async function applyScheduledAction(deps: ServiceDeps, schedule: Schedule): Promise<void> {
  await new ActivationService(deps.store, deps.config).applyScheduledAction(schedule);
}
