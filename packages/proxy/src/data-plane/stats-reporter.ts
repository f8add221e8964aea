import { hostname } from "node:os";
import { Agent, request } from "undici";
import type { PoolStatus, ServiceRef } from "../model/traffic-model.js";

/** Where a proxy sends its figures and how often. */
export interface StatsReporterOptions {
  serverUrl: string;
  token: string;
  service: ServiceRef;
  intervalMs: number;
  /** The figures to send, read at each report. */
  figures(): PoolStatus[];
  onError(error: Error): void;
  /** Names this proxy among the service's proxies; `host:pid` by default. */
  reporter?: string;
}

/**
 * Sends a proxy's per-pool figures to the control API every `intervalMs`, so `status` and the ramp guard see live
 * request and error rates of a remote built-in data plane.
 */
export class StatsReporter {
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private readonly dispatcher = new Agent({ connections: 1, keepAliveTimeout: 60_000 });
  private readonly reporter: string;

  constructor(private readonly options: StatsReporterOptions) {
    this.reporter = options.reporter ?? `${hostname()}:${process.pid}`;
  }

  /** Reports now, then every interval. */
  start(): void {
    void this.tick();
  }

  /** Stops reporting; a report in flight is cut. */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    void this.dispatcher.destroy().catch(() => undefined);
  }

  /** Sends one report; rejects when the server does not take it. */
  async send(): Promise<void> {
    const { serverUrl, token, service } = this.options;
    const path = `/api/v1/traffic/services/${encodeURIComponent(service.environment)}/${encodeURIComponent(service.name)}/data-plane/stats`;
    const response = await request(new URL(path, serverUrl), {
      method: "POST",
      dispatcher: this.dispatcher,
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ reporter: this.reporter, pools: this.options.figures() }),
      headersTimeout: 5_000,
      bodyTimeout: 5_000,
    });
    const text = await response.body.text();
    if (response.statusCode >= 300)
      throw new Error(`POST ${path} answered ${response.statusCode}: ${text.slice(0, 300)}`);
  }

  private async tick(): Promise<void> {
    try {
      await this.send();
    } catch (error) {
      if (this.stopped) return;
      this.options.onError(error instanceof Error ? error : new Error(String(error)));
    }
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.tick(), this.options.intervalMs);
    this.timer.unref();
  }
}
