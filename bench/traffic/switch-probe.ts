import { Client } from "undici";

/**
 * A client that asks a data plane which pool answers, back to back on one keep-alive connection, so the delay from
 * a switch's 2xx to the first answer of the new pool can be read off its log.
 */
export class SwitchProbe {
  private readonly client: Client;
  private running = false;
  private loop: Promise<void> = Promise.resolve();
  /** Completion time (performance.now) and body of every answer, for the current watch only. */
  private watch: { pool: string; sinceMs: number; resolve: (delayMs: number) => void } | undefined;

  constructor(url: string) {
    this.client = new Client(url, { pipelining: 1 });
  }

  start(): void {
    this.running = true;
    this.loop = this.run();
  }

  /** Resolves with the ms from `sinceMs` to the first answer of `pool` from a request sent after `sinceMs`. */
  waitFor(pool: string, sinceMs: number, timeoutMs = 10_000): Promise<number> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no answer from pool ${pool} within ${timeoutMs} ms`)),
        timeoutMs,
      );
      this.watch = {
        pool,
        sinceMs,
        resolve: (delay) => {
          clearTimeout(timer);
          resolve(delay);
        },
      };
    });
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
    await this.client.close();
  }

  private async run(): Promise<void> {
    while (this.running) {
      const sentMs = performance.now();
      try {
        const response = await this.client.request({ path: "/", method: "GET" });
        const body = (await response.body.text()).toLowerCase();
        const watch = this.watch;
        if (watch !== undefined && sentMs >= watch.sinceMs && body === watch.pool) {
          this.watch = undefined;
          watch.resolve(performance.now() - watch.sinceMs);
        }
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    }
  }
}
