/** Waits that can all be cut short at once (on close, retries stop waiting out their backoff). */
export interface Sleeper {
  sleep(ms: number): Promise<void>;
  /** Resolves every pending wait now, and makes later waits resolve at once. */
  hurry(): void;
}

/** A sleeper on unref'd timers, so a retry waiting for a dead endpoint never keeps a Node process alive. */
export function createSleeper(): Sleeper {
  const pending = new Set<() => void>();
  let hurried = false;
  return {
    sleep(ms) {
      if (hurried || ms <= 0) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const done = (): void => {
          clearTimeout(timer);
          pending.delete(done);
          resolve();
        };
        const timer = setTimeout(done, ms);
        (timer as { unref?: () => void }).unref?.();
        pending.add(done);
      });
    },
    hurry() {
      hurried = true;
      for (const done of [...pending]) done();
    },
  };
}
