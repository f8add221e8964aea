/** One queued write: its payload and how to tell its caller the outcome. */
interface Pending<T, R> {
  payload: T;
  resolve(result: R): void;
  reject(error: unknown): void;
}

/**
 * Coalesces concurrent writes into one flush (one transaction) at a time: writes that arrive while a flush runs
 * wait and go together into the next one, and each caller is answered only after its flush committed. When a group
 * fails, each of its payloads is flushed again on its own, so a payload's fate depends only on its own content: one
 * payload the engine refuses fails alone instead of taking every other caller of its group down with it.
 */
export class GroupCommit<T, R> {
  private queue: Pending<T, R>[] = [];
  private running: Promise<void> | null = null;

  /**
   * @param flush writes every payload in one transaction and returns one result per payload, in order.
   * @param maxGroup the most payloads written together.
   */
  constructor(
    private readonly flush: (payloads: T[]) => Promise<R[]>,
    private readonly maxGroup = 256,
  ) {}

  /** Queues a payload; resolves with its result after the flush that carried it committed. */
  submit(payload: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ payload, resolve, reject });
      this.running ??= this.drain();
    });
  }

  /** Resolves when everything queued so far has been flushed (or failed). */
  async idle(): Promise<void> {
    while (this.running !== null) await this.running;
  }

  private async drain(): Promise<void> {
    // Yield once so that writes submitted in the same tick join the first group.
    await Promise.resolve();
    while (this.queue.length > 0) {
      const group = this.queue.splice(0, this.maxGroup);
      try {
        const results = await this.flush(group.map((pending) => pending.payload));
        group.forEach((pending, index) => {
          pending.resolve(results[index] as R);
        });
      } catch (error) {
        if (group.length === 1) group[0]?.reject(error);
        else await this.flushEachAlone(group);
      }
    }
    this.running = null;
  }

  // The failed group's transaction rolled back as a whole, so every payload can be written again without doubling.
  private async flushEachAlone(group: Pending<T, R>[]): Promise<void> {
    for (const pending of group) {
      try {
        const [result] = await this.flush([pending.payload]);
        pending.resolve(result as R);
      } catch (error) {
        pending.reject(error);
      }
    }
  }
}
