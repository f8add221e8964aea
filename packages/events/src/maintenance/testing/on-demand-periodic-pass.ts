import type { PeriodicPass, PeriodicPassOptions } from "../../ports/periodic-pass.js";

/**
 * A periodic pass without a timer, for tests: the pass at start (when asked for) and `runOnce` chain one after the
 * other as with the server's timer, but nothing runs on its own, so a test decides when time moves.
 */
export function startOnDemandPass<T>(options: PeriodicPassOptions<T>): PeriodicPass<T> {
  let current: Promise<T> = Promise.resolve(options.initial);
  const runOnce = () => {
    current = current.then(options.pass, options.pass);
    return current;
  };
  if (options.runAtStart === true) runOnce().catch((error: unknown) => options.onError?.(error));
  return {
    runOnce,
    async stop() {
      await current.catch(() => undefined);
    },
  };
}
