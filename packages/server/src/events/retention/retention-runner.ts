import type { Clock } from "../../time/clock.js";
import type { EventsConfig } from "../events-config.js";
import type { EventStore, RetentionPolicy, RetentionResult } from "../store/event-store.js";

/** What the background retention loop needs. */
export interface RetentionRunnerOptions {
  store: Pick<EventStore, "applyRetention">;
  clock: Clock;
  config: Pick<EventsConfig, "retentionDays" | "retentionMaxEvents" | "retentionByEnvironment" | "retentionIntervalMs">;
  onError?: (error: unknown) => void;
}

/** A running retention loop; `runOnce` applies the policy now, `stop` waits for a pass in progress. */
export interface RetentionRunner {
  runOnce(): Promise<RetentionResult>;
  stop(): Promise<void>;
}

/** The policy of the configuration at the clock's current time. */
export function retentionPolicy(config: RetentionRunnerOptions["config"], now: Date): RetentionPolicy {
  return {
    now,
    maxAgeDays: config.retentionDays,
    maxEventsPerEnvironment: config.retentionMaxEvents,
    environments: config.retentionByEnvironment,
  };
}

/** Applies retention once at start and then every `retentionIntervalMs`, one pass at a time. */
export function startRetentionRunner(options: RetentionRunnerOptions): RetentionRunner {
  let current: Promise<RetentionResult> = Promise.resolve({ deletedEvents: 0, deletedExposures: 0 });
  let stopped = false;
  const pass = () => options.store.applyRetention(retentionPolicy(options.config, options.clock.now()));
  const runOnce = () => {
    current = current.then(pass, pass);
    return current;
  };
  const tick = () => {
    if (!stopped) runOnce().catch((error: unknown) => options.onError?.(error));
  };
  const timer = setInterval(tick, options.config.retentionIntervalMs);
  timer.unref();
  tick();
  return {
    runOnce,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await current.catch(() => undefined);
    },
  };
}
