/** The only source of "now" in the server, so that schedules and retention can be tested without waiting. */
export interface Clock {
  now(): Date;
}

/** The wall clock. */
export const systemClock: Clock = { now: () => new Date() };
