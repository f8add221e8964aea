/** Something that can send what it holds: an `EventsClient` or an `EventTransport`. */
export interface Flushable {
  flush(): Promise<void>;
  eventStats?(): { queued: number; inFlight: number };
}

/** Options of `flushOnExit`. */
export interface ExitFlushOptions {
  /** Signals to flush on before the process goes down. Default `SIGTERM` and `SIGINT`. */
  signals?: readonly NodeJS.Signals[];
  /** Longest wait for the flush on a signal. Default 3,000 ms. */
  timeoutMs?: number;
}

/**
 * Flushes on `beforeExit` and on the given signals, then lets the signal do what it would have done: if nobody else
 * listens for it, it is raised again so the process ends as the signal says; if the app has its own handler, that
 * handler decides (and should `await events.close()` itself). Returns a function that removes the hooks.
 */
export function flushOnExit(target: Flushable, options: ExitFlushOptions = {}): () => void {
  const signals = options.signals ?? ["SIGTERM", "SIGINT"];
  const timeoutMs = options.timeoutMs ?? 3_000;
  let flushing = false;
  const onBeforeExit = (): void => {
    // Flushing schedules I/O, which fires beforeExit again afterwards: only flush when something waits.
    if (flushing || !hasPending(target)) return;
    flushing = true;
    void target.flush().finally(() => {
      flushing = false;
    });
  };
  const onSignal = (signal: NodeJS.Signals): void => {
    remove();
    const othersHandle = process.listenerCount(signal) > 0;
    void flushWithin(target, timeoutMs).then(() => {
      if (!othersHandle) process.kill(process.pid, signal);
    });
  };
  const remove = (): void => {
    process.off("beforeExit", onBeforeExit);
    for (const signal of signals) process.off(signal, onSignal);
  };
  process.on("beforeExit", onBeforeExit);
  for (const signal of signals) process.on(signal, onSignal);
  return remove;
}

function hasPending(target: Flushable): boolean {
  const stats = target.eventStats?.();
  return stats === undefined || stats.queued + stats.inFlight > 0;
}

async function flushWithin(target: Flushable, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, timeoutMs);
  });
  await Promise.race([target.flush().catch(() => undefined), timeout]);
  clearTimeout(timer);
}
