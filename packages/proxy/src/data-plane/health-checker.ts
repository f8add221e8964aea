import { Client } from "undici";
import type { Upstream } from "./upstream.js";

/** How backends are checked: an HTTP GET on the pool's health path at an interval. */
export interface HealthCheckOptions {
  intervalMs: number;
  /** A check without response headers and body within this time fails. */
  timeoutMs: number;
  /** Consecutive passing checks that bring a backend back into rotation. */
  healthyAfter: number;
  /** Consecutive failing checks that take a backend out of rotation. */
  unhealthyAfter: number;
}

interface Watch {
  upstream: Upstream;
  path: string;
  client: Client;
  timer: NodeJS.Timeout | undefined;
  passes: number;
  failures: number;
  stopped: boolean;
}

/** Active health checks of backends, each on its own connection so a busy pool cannot starve them. */
export class HealthChecker {
  private readonly watches = new Map<Upstream, Watch>();

  constructor(private readonly options: HealthCheckOptions) {}

  /** Starts (or re-points) the checks of a backend; the first check runs at once. */
  watch(upstream: Upstream, path: string): void {
    const existing = this.watches.get(upstream);
    if (existing !== undefined) {
      existing.path = path;
      return;
    }
    const client = new Client(`http://${upstream.address}`, {
      connectTimeout: this.options.timeoutMs,
      headersTimeout: this.options.timeoutMs,
      bodyTimeout: this.options.timeoutMs,
    });
    const watch: Watch = { upstream, path, client, timer: undefined, passes: 0, failures: 0, stopped: false };
    this.watches.set(upstream, watch);
    void this.check(watch);
  }

  /** Stops checking a backend that left every pool. */
  unwatch(upstream: Upstream): void {
    const watch = this.watches.get(upstream);
    if (watch === undefined) return;
    this.watches.delete(upstream);
    this.stop(watch);
  }

  /** The backends currently checked. */
  watched(): Upstream[] {
    return [...this.watches.keys()];
  }

  /** Stops every check and closes their connections. */
  async close(): Promise<void> {
    const watches = [...this.watches.values()];
    this.watches.clear();
    await Promise.all(watches.map((watch) => this.stop(watch)));
  }

  private async stop(watch: Watch): Promise<void> {
    watch.stopped = true;
    clearTimeout(watch.timer);
    await watch.client.destroy().catch(() => undefined);
  }

  private async check(watch: Watch): Promise<void> {
    const passed = await this.probe(watch);
    if (watch.stopped) return;
    if (passed) {
      watch.failures = 0;
      watch.passes++;
      if (!watch.upstream.healthy && watch.passes >= this.options.healthyAfter) watch.upstream.setHealthy(true);
      else if (watch.upstream.healthy) watch.upstream.setHealthy(true);
    } else {
      watch.passes = 0;
      watch.failures++;
      if (watch.failures >= this.options.unhealthyAfter) watch.upstream.setHealthy(false);
    }
    watch.timer = setTimeout(() => void this.check(watch), this.options.intervalMs);
    watch.timer.unref();
  }

  private async probe(watch: Watch): Promise<boolean> {
    const deadline = AbortSignal.timeout(this.options.timeoutMs);
    try {
      const response = await watch.client.request({ path: watch.path, method: "GET", signal: deadline });
      await response.body.dump();
      return response.statusCode >= 200 && response.statusCode < 400;
    } catch {
      return false;
    }
  }
}
