import type { Scheduler } from "../scheduler.js";

interface Timer {
  id: number;
  callback: () => void;
  delayMs: number;
  atMs: number;
}

/** A scheduler whose clock only moves when the test says so; randomness is fixed. */
export class FakeScheduler implements Scheduler {
  nowValueMs = 0;
  randomValue = 1;
  readonly timers = new Map<number, Timer>();
  /** Every delay ever scheduled, in order. */
  readonly delays: number[] = [];
  #next = 1;

  setTimeout(callback: () => void, delayMs: number): unknown {
    const id = this.#next++;
    this.timers.set(id, { id, callback, delayMs, atMs: this.nowValueMs + delayMs });
    this.delays.push(delayMs);
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number);
  }

  random(): number {
    return this.randomValue;
  }

  nowMs(): number {
    return this.nowValueMs;
  }

  /** Moves the clock to the earliest pending timer with a delay below `limitMs` and runs it; false when none. */
  fireNext(limitMs = Number.POSITIVE_INFINITY): boolean {
    const due = [...this.timers.values()].filter((t) => t.delayMs < limitMs).sort((a, b) => a.atMs - b.atMs)[0];
    if (due === undefined) return false;
    this.timers.delete(due.id);
    this.nowValueMs = Math.max(this.nowValueMs, due.atMs);
    due.callback();
    return true;
  }
}

/** Lets pending promise callbacks and I/O-free async steps run. */
export async function flush(rounds = 20): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}
