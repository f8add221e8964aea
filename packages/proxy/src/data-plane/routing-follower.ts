import { Agent, request } from "undici";
import type { DataPlaneView } from "../model/data-plane-view.js";
import type { ServiceRef } from "../model/traffic-model.js";

/** Where a proxy reads its routing state from and how. */
export interface RoutingFollowerOptions {
  /** Base URL of the Switchboard server, e.g. `http://localhost:4242`. */
  serverUrl: string;
  /** An editor token (the data-plane view carries the preview secret). */
  token: string;
  service: ServiceRef;
  /**
   * Pause between two reads when the server answers at once with nothing new (a server without long-polls) and
   * after a failed read; a routing change reaches the proxy within about this long then.
   */
  pollMs: number;
  /** How long the server holds a read open waiting for a change (0: plain polling every `pollMs`). */
  waitSeconds?: number;
  /** Called with each new version of the state (not for unchanged reads). */
  onChange(view: DataPlaneView): void;
  /** Called when a read fails; the proxy keeps routing by the last state it has. */
  onError(error: Error): void;
}

/** How long the server holds a long-poll by default; short enough for proxies in front of idle-timeout balancers. */
export const DEFAULT_WAIT_SECONDS = 25;

/**
 * Follows a service's routing state through the control API. Each read is a long-poll of the data-plane view
 * (`after=<version>`): the server answers the moment a change is committed, so a switch reaches the proxy within
 * milliseconds; an unchanged answer (304 on the ETag) costs no parsing. When the server answers at once with
 * nothing new, or a read fails, the next read waits `pollMs`. The proxy keeps its last state while the server is
 * unreachable.
 */
export class RoutingFollower {
  private etag: string | undefined;
  private version: number | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private readonly waitSeconds: number;
  private readonly dispatcher: Agent;

  constructor(private readonly options: RoutingFollowerOptions) {
    this.waitSeconds = options.waitSeconds ?? DEFAULT_WAIT_SECONDS;
    this.dispatcher = new Agent({ connections: 2, keepAliveTimeout: 60_000 });
  }

  /** Reads the state once (rejecting when that fails, so a proxy never starts without routing), then follows it. */
  async start(): Promise<DataPlaneView> {
    const view = await this.read(0);
    if (view === undefined) throw new Error("the server answered 304 to the first read");
    this.options.onChange(view);
    this.schedule(0);
    return view;
  }

  /** Stops following; a read in flight is cut. */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    void this.dispatcher.destroy().catch(() => undefined);
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.tick(), delayMs);
  }

  private async tick(): Promise<void> {
    const startedMs = performance.now();
    let delayMs: number;
    try {
      const view = await this.read(this.waitSeconds);
      if (view !== undefined && !this.stopped) this.options.onChange(view);
      // A read that came back at once with nothing new did not wait: poll instead of spinning.
      delayMs = view !== undefined ? 0 : Math.max(0, this.options.pollMs - (performance.now() - startedMs));
    } catch (error) {
      if (this.stopped) return;
      this.options.onError(error instanceof Error ? error : new Error(String(error)));
      delayMs = this.options.pollMs;
    }
    this.schedule(delayMs);
  }

  /** One read; undefined when the ETag is the one already applied. */
  private async read(waitSeconds: number): Promise<DataPlaneView | undefined> {
    const { serverUrl, token, service } = this.options;
    const path = `/api/v1/traffic/services/${encodeURIComponent(service.environment)}/${encodeURIComponent(service.name)}/data-plane`;
    const url = new URL(path, serverUrl);
    if (waitSeconds > 0 && this.version !== undefined) {
      url.searchParams.set("after", String(this.version));
      url.searchParams.set("waitSeconds", String(waitSeconds));
    }
    const headers: Record<string, string> = { authorization: `Bearer ${token}` };
    if (this.etag !== undefined) headers["if-none-match"] = this.etag;
    const timeoutMs = waitSeconds * 1000 + 10_000;
    const response = await request(url, {
      headers,
      dispatcher: this.dispatcher,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
    const etag = response.headers["etag"];
    if (response.statusCode === 304 || (typeof etag === "string" && etag === this.etag)) {
      await response.body.dump();
      return undefined;
    }
    if (response.statusCode !== 200) {
      const text = await response.body.text();
      throw new Error(`GET ${path} answered ${response.statusCode}: ${text.slice(0, 300)}`);
    }
    const view = (await response.body.json()) as DataPlaneView;
    this.etag = typeof etag === "string" ? etag : undefined;
    this.version = view.version;
    return view;
  }
}
