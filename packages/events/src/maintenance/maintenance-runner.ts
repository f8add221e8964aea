import type { EventsConfig } from "../events-config.js";
import type { Clock } from "../ports/clock.js";
import type { StartPeriodicPass } from "../ports/periodic-pass.js";
import type { EventStore, OptimizeResult, RetentionPolicy, RetentionResult } from "../store/event-store.js";

/** What the background maintenance loop needs. */
export interface MaintenanceRunnerOptions {
  store: Pick<EventStore, "applyRetention" | "optimize">;
  clock: Clock;
  config: Pick<EventsConfig, "retentionDays" | "retentionMaxEvents" | "retentionByEnvironment" | "retentionIntervalMs">;
  onError?: (error: unknown) => void;
  /** Runs the pass on a timer (the server's `startPeriodicPass`). */
  startPeriodicPass: StartPeriodicPass;
}

/** What one maintenance pass did. */
export interface MaintenanceResult {
  retention: RetentionResult;
  clustering: OptimizeResult;
}

/** A running maintenance loop; `runOnce` makes a pass now, `stop` waits for a pass in progress. */
export interface MaintenanceRunner {
  runOnce(): Promise<MaintenanceResult>;
  stop(): Promise<void>;
}

/** The policy of the configuration at the clock's current time. */
export function retentionPolicy(config: MaintenanceRunnerOptions["config"], now: Date): RetentionPolicy {
  return {
    now,
    maxAgeDays: config.retentionDays,
    maxEventsPerEnvironment: config.retentionMaxEvents,
    environments: config.retentionByEnvironment,
  };
}

/** Midnight UTC of the day that holds `now`. */
function startOfUtcDay(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}

/**
 * Keeps the event store in shape: at start and then every `retentionIntervalMs`, one pass at a time, deletes what
 * retention no longer keeps and then re-clusters the finished days (before today, UTC) that changed. Today is left
 * alone because it is still being written: sorting it on every pass would redo the same work all day.
 */
export function startMaintenanceRunner(options: MaintenanceRunnerOptions): MaintenanceRunner {
  const pass = async (): Promise<MaintenanceResult> => {
    const now = options.clock.now();
    const retention = await options.store.applyRetention(retentionPolicy(options.config, now));
    const clustering = await options.store.optimize({ before: startOfUtcDay(now) });
    return { retention, clustering };
  };
  return options.startPeriodicPass({
    pass,
    intervalMs: options.config.retentionIntervalMs,
    initial: { retention: { deletedEvents: 0, deletedExposures: 0 }, clustering: { days: 0, rows: 0 } },
    runAtStart: true,
    onError: options.onError,
  });
}
