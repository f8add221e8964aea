import type { RetentionPolicy } from "./event-store.js";

/** Events stored on one day in one environment. */
export interface DayCount {
  environment: string;
  /** `YYYY-MM-DD` (UTC). */
  day: string;
  events: number;
}

/** The days to delete per environment: everything before `beforeDay`, plus these extra days (by size). */
export interface EnvironmentCut {
  environment: string;
  beforeDay: string;
  days: string[];
}

const DAY_MS = 86_400_000;

/**
 * Decides, engine-neutrally, which whole days each environment loses: days older than its age limit, then its oldest
 * days while it holds more events than its size limit (the newest day is always kept).
 */
export function planRetention(
  policy: RetentionPolicy,
  environments: readonly string[],
  counts: readonly DayCount[],
): EnvironmentCut[] {
  return environments.map((environment) => {
    const own = policy.environments?.[environment];
    const maxAgeDays = own?.maxAgeDays ?? policy.maxAgeDays;
    const maxEvents = own?.maxEventsPerEnvironment ?? policy.maxEventsPerEnvironment;
    const beforeDay = new Date(Math.floor(policy.now.getTime() / DAY_MS) * DAY_MS - (maxAgeDays - 1) * DAY_MS)
      .toISOString()
      .slice(0, 10);
    const kept = counts
      .filter((count) => count.environment === environment && count.day >= beforeDay)
      .sort((a, b) => (a.day < b.day ? 1 : -1));
    const days: string[] = [];
    if (maxEvents > 0) {
      let total = 0;
      kept.forEach((count, index) => {
        total += count.events;
        if (index > 0 && total > maxEvents) days.push(count.day);
      });
    }
    return { environment, beforeDay, days };
  });
}
