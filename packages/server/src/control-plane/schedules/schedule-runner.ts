import type { Clock } from "../../kernel/index.js";
import { startPeriodicPass } from "../../kernel/index.js";
import type { Schedule, ScheduleStore } from "../../store/index.js";

export interface ScheduleRunnerOptions {
  store: ScheduleStore;
  clock: Clock;
  /** Applies one due schedule (an audited activation); throwing marks the schedule failed with the message. */
  apply: (schedule: Schedule) => Promise<void>;
  /** How often to look for due schedules. */
  intervalMs?: number;
  /** A schedule claimed this long ago and still running belongs to a server that died: claim it again. */
  staleAfterMs?: number;
  onError?: (error: unknown) => void;
}

/** A running loop that applies due schedules; `stop()` waits for the pass in progress. */
export interface ScheduleRunner {
  /** Runs one pass now (also what the timer does); resolves with the schedules it handled. */
  runOnce(): Promise<Schedule[]>;
  stop(): Promise<void>;
}

/**
 * Applies scheduled changes and ramp-plan steps when they fall due. Schedules live in the config store, so
 * they survive restarts; claiming is exclusive, so in a cluster each step is applied by exactly one server.
 */
export function startScheduleRunner(options: ScheduleRunnerOptions): ScheduleRunner {
  const intervalMs = options.intervalMs ?? 1_000;
  const staleAfterMs = options.staleAfterMs ?? 5 * 60_000;
  const pass = async (): Promise<Schedule[]> => {
    const now = options.clock.now();
    const staleBefore = new Date(now.getTime() - staleAfterMs).toISOString();
    const due = await options.store.claimDueSchedules(now.toISOString(), staleBefore, 50);
    for (const schedule of due) {
      try {
        await options.apply(schedule);
        await options.store.finishSchedule(schedule.id, {
          status: "done",
          appliedAt: options.clock.now().toISOString(),
        });
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        await options.store.finishSchedule(schedule.id, {
          status: "failed",
          error: message,
          appliedAt: options.clock.now().toISOString(),
        });
      }
    }
    return due;
  };

  return startPeriodicPass({ pass, intervalMs, initial: [], onError: options.onError });
}
