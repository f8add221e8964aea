/** Timers, randomness and the clock the client uses, so tests drive backoff and polling without sleeping. */
export interface Scheduler {
  setTimeout(callback: () => void, delayMs: number): unknown;
  clearTimeout(handle: unknown): void;
  random(): number;
  nowMs(): number;
}

/** The scheduler of the platform: global timers, `Math.random` and `Date.now`. */
export const systemScheduler: Scheduler = {
  setTimeout: (callback, delayMs) => globalThis.setTimeout(callback, delayMs),
  clearTimeout(handle) {
    globalThis.clearTimeout(handle as Parameters<typeof globalThis.clearTimeout>[0]);
  },
  random: () => Math.random(),
  nowMs: () => Date.now(),
};

/** Resolves after `delayMs`, or at once when `signal` aborts. */
export function sleep(scheduler: Scheduler, delayMs: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const onAbort = () => {
      scheduler.clearTimeout(handle);
      resolve();
    };
    const handle = scheduler.setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, delayMs);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}
