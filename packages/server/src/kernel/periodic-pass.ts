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

/**
 * Runs `pass` every `intervalMs` and on demand, never two at once: each pass starts after the previous one settled,
 * so a slow pass delays the next instead of overlapping it. The timer does not keep the process alive.
 */
export function startPeriodicPass<T>(options: PeriodicPassOptions<T>): PeriodicPass<T> {
  let current: Promise<T> = Promise.resolve(options.initial);
  let stopped = false;
  const runOnce = () => {
    current = current.then(options.pass, options.pass);
    return current;
  };
  const tick = () => {
    if (!stopped) runOnce().catch((error: unknown) => options.onError?.(error));
  };
  const timer = setInterval(tick, options.intervalMs);
  timer.unref();
  if (options.runAtStart === true) tick();
  return {
    runOnce,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await current.catch(() => undefined);
    },
  };
}
