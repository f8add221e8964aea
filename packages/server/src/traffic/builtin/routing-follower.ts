import { request } from "undici";
import type { ServiceRef } from "../model/traffic-model.js";
import type { DataPlaneView } from "./data-plane-route.js";

/** Where a proxy reads its routing state from and how often. */
export interface RoutingFollowerOptions {
  /** Base URL of the Switchboard server, e.g. `http://localhost:4242`. */
  serverUrl: string;
  /** An editor token (the data-plane view carries the preview secret). */
  token: string;
  service: ServiceRef;
  /** Pause between two polls; a routing change reaches the proxy within about this long. */
  pollMs: number;
  /** Called with each new version of the state (not for unchanged polls). */
  onChange(view: DataPlaneView): void;
  /** Called when a poll fails; the proxy keeps routing by the last state it has. */
  onError(error: Error): void;
}

/**
 * Follows a service's routing state through the control API by polling its data-plane view; an unchanged ETag
 * costs no parsing of the state. The proxy keeps its last state while the server is unreachable.
 */
export class RoutingFollower {
  private etag: string | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(private readonly options: RoutingFollowerOptions) {}

  /** Reads the state once (rejecting when that fails, so a proxy never starts without routing), then polls. */
  async start(): Promise<DataPlaneView> {
    const view = await this.poll();
    if (view === undefined) throw new Error("the server answered 304 to the first read");
    this.options.onChange(view);
    this.schedule();
    return view;
  }

  /** Stops polling. */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.tick(), this.options.pollMs);
  }

  private async tick(): Promise<void> {
    try {
      const view = await this.poll();
      if (view !== undefined && !this.stopped) this.options.onChange(view);
    } catch (error) {
      this.options.onError(error instanceof Error ? error : new Error(String(error)));
    }
    this.schedule();
  }

  /** One read; undefined when the ETag is the one already applied. */
  private async poll(): Promise<DataPlaneView | undefined> {
    const { serverUrl, token, service } = this.options;
    const path = `/api/v1/traffic/services/${encodeURIComponent(service.environment)}/${encodeURIComponent(service.name)}/data-plane`;
    const headers: Record<string, string> = { authorization: `Bearer ${token}` };
    if (this.etag !== undefined) headers["if-none-match"] = this.etag;
    const response = await request(new URL(path, serverUrl), { headers, headersTimeout: 5_000, bodyTimeout: 5_000 });
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
    return view;
  }
}
