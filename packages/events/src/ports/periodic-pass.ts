/** A background pass run on a timer, one at a time; `runOnce` runs it now (after any pass in progress). */
export interface PeriodicPass<T> {
  runOnce(): Promise<T>;
  /** Stops the timer and waits for a pass in progress. */
  stop(): Promise<void>;
}

/** What a periodic pass needs: the work, its interval, and where failures of timer-started passes go. */
export interface PeriodicPassOptions<T> {
  pass: () => Promise<T>;
  intervalMs: number;
  /** The result `runOnce` chains after before the first pass. */
  initial: T;
  /** Also run a pass right away instead of waiting one interval. */
  runAtStart?: boolean;
  onError?: ((error: unknown) => void) | undefined;
}

/** Starts a periodic pass: timers belong to the host (the server's `startPeriodicPass`), not to this package. */
export type StartPeriodicPass = <T>(options: PeriodicPassOptions<T>) => PeriodicPass<T>;
