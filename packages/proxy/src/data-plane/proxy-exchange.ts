import type { ServerResponse } from "node:http";
import type { Dispatcher } from "undici";
import { responseHeaders } from "./proxy-headers.js";
import type { TablePool } from "./routing-table.js";
import type { Upstream } from "./upstream.js";

/** Where an exchange goes after a backend refused it before answering. */
export type RetryTarget = (pool: TablePool, failed: Upstream) => { pool: TablePool; upstream: Upstream } | undefined;

// The exchange rides on its response, so the listeners below are shared functions instead of closures per request.
const EXCHANGE = Symbol("exchange");
type ExchangeResponse = ServerResponse & { [EXCHANGE]?: ProxyExchange };

function resumeOnDrain(this: ExchangeResponse): void {
  this[EXCHANGE]?.resume();
}

function abortOnClientClose(this: ExchangeResponse): void {
  this[EXCHANGE]?.clientClosed();
}

/** Status answered for an upstream failure before any response header reached the client. */
export function statusOfUpstreamError(error: Error): number {
  const code = (error as { code?: string }).code;
  return code === "UND_ERR_CONNECT_TIMEOUT" || code === "UND_ERR_HEADERS_TIMEOUT" || code === "UND_ERR_BODY_TIMEOUT"
    ? 504
    : 502;
}

function refusedBeforeSending(error: Error): boolean {
  const code = (error as { code?: string }).code;
  return code === "ECONNREFUSED" || code === "UND_ERR_CONNECT_TIMEOUT" || code === "EHOSTUNREACH";
}

function closedBeforeAnswer(error: Error): boolean {
  const code = (error as { code?: string }).code;
  return code === "ECONNRESET" || code === "UND_ERR_SOCKET" || code === "EPIPE";
}

/**
 * One proxied request: undici's dispatch handler streaming the backend's answer into the client's response with
 * backpressure both ways. It uses undici's raw-header callbacks, so headers are never parsed into objects.
 */
export class ProxyExchange implements Dispatcher.DispatchHandler {
  private abortUpstream: ((error?: Error) => void) | null = null;
  private resumeUpstream: (() => void) | null = null;
  private status = 0;
  private finished = false;
  private retried = false;
  private clientGone = false;

  constructor(
    private readonly res: ServerResponse,
    private pool: TablePool,
    private upstream: Upstream,
    private readonly options: Dispatcher.DispatchOptions,
    private readonly setCookie: string | null,
    private readonly startedMs: number,
    private readonly retryTarget: RetryTarget,
  ) {}

  /** Sends the request to the backend and ties the client's lifetime to the exchange. */
  start(): void {
    this.pool.stats.inFlight++;
    (this.res as ExchangeResponse)[EXCHANGE] = this;
    this.res.on("close", abortOnClientClose);
    this.upstream.pool.dispatch(this.options, this);
  }

  onConnect(abort: (error?: Error) => void): void {
    this.abortUpstream = abort;
  }

  onHeaders(status: number, raw: Buffer[], resume: () => void): boolean {
    if (status < 200) return true;
    this.status = status;
    this.resumeUpstream = resume;
    this.res.writeHead(status, responseHeaders(raw, this.setCookie));
    return true;
  }

  onData(chunk: Buffer): boolean {
    if (this.res.write(chunk)) return true;
    this.res.once("drain", resumeOnDrain);
    return false;
  }

  onComplete(): void {
    this.res.end();
    this.finish(this.status >= 500);
  }

  onError(error: Error): void {
    if (this.finished) return;
    const res = this.res;
    if (!res.headersSent && this.retry(error)) return;
    if (!res.headersSent && !res.destroyed) {
      const status = statusOfUpstreamError(error);
      res.writeHead(status, { "content-type": "text/plain; charset=utf-8", connection: "close" });
      res.end(status === 504 ? "gateway timeout\n" : "bad gateway\n");
    } else {
      res.destroy();
    }
    this.finish(!this.clientGone);
  }

  /** A request without a body that never reached a backend is sent once more, to another backend. */
  private retry(error: Error): boolean {
    if (this.retried || this.options.body !== null) return false;
    const refused = refusedBeforeSending(error);
    if (!refused && !closedBeforeAnswer(error)) return false;
    if (refused) this.upstream.eject();
    const target = this.retryTarget(this.pool, this.upstream);
    if (target === undefined) return false;
    this.retried = true;
    this.pool.stats.inFlight--;
    this.pool = target.pool;
    this.upstream = target.upstream;
    this.pool.stats.inFlight++;
    this.abortUpstream = null;
    this.upstream.pool.dispatch(this.options, this);
    return true;
  }

  private finish(failed: boolean): void {
    this.finished = true;
    const stats = this.pool.stats;
    stats.inFlight--;
    stats.record(performance.now() - this.startedMs, failed);
  }

  /** Lets the backend's body flow again once the client has taken what was written. */
  resume(): void {
    this.resumeUpstream?.();
  }

  /** Stops the backend exchange when the client went away before the answer was complete. */
  clientClosed(): void {
    if (this.finished) return;
    this.clientGone = true;
    this.abortUpstream?.(new Error("the client closed the connection"));
  }
}
