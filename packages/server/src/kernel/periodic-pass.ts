import type { PeriodicPass, PeriodicPassOptions } from "@switchboard/events";

// The shapes are the events package's port (its maintenance runs on this timer), declared there once.
export type { PeriodicPass, PeriodicPassOptions };

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
