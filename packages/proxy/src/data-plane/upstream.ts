import { Pool } from "undici";

/** Timeouts and connection limits of the connections from the proxy to backends. */
export interface UpstreamOptions {
  /** Time to open a TCP connection to a backend before the request fails with 504. */
  connectTimeoutMs: number;
  /** Time from sending a request until the backend's response headers before it fails with 504. */
  headersTimeoutMs: number;
  /** Longest silence between two chunks of a response body before the exchange is cut. */
  idleTimeoutMs: number;
  /** Most keep-alive connections to one backend. */
  connectionsPerBackend: number;
  /** How long a backend that refused a connection stays out of rotation before it is tried again. */
  ejectMs: number;
}

/** Splits `host:port` (IPv6 hosts in brackets) into its parts; throws on a malformed address. */
export function parseAddress(address: string): { host: string; port: number } {
  const colon = address.lastIndexOf(":");
  const port = Number(address.slice(colon + 1));
  if (colon <= 0 || !Number.isInteger(port) || port <= 0 || port > 65_535) {
    throw new Error(`backend address ${address} is not host:port`);
  }
  const host = address.slice(0, colon).replace(/^\[(.*)\]$/, "$1");
  return { host, port };
}

/** One backend: its keep-alive connection pool and whether it is in rotation. */
export class Upstream {
  readonly host: string;
  readonly port: number;
  readonly pool: Pool;
  /** The last verdict of the active health check (true until a check says otherwise). */
  healthy = true;
  /** Set after a refused connection, so the next requests skip this backend until the next check or `ejectMs`. */
  ejected = false;
  /** True once the backend is no longer referenced by the routing table. */
  retired = false;
  private ejectTimer: NodeJS.Timeout | undefined;

  constructor(
    readonly address: string,
    private readonly options: UpstreamOptions,
  ) {
    const { host, port } = parseAddress(address);
    this.host = host;
    this.port = port;
    this.pool = new Pool(`http://${address}`, {
      connections: options.connectionsPerBackend,
      pipelining: 1,
      connectTimeout: options.connectTimeoutMs,
      headersTimeout: options.headersTimeoutMs,
      bodyTimeout: options.idleTimeoutMs,
      keepAliveTimeout: 4_000,
    });
  }

  /** In rotation: healthy by the last check and not ejected after a refused connection. */
  get available(): boolean {
    return this.healthy && !this.ejected && !this.retired;
  }

  /** Takes the backend out of rotation for a short while after a failure to connect. */
  eject(): void {
    if (this.ejected) return;
    this.ejected = true;
    this.ejectTimer = setTimeout(() => {
      this.ejected = false;
    }, this.options.ejectMs);
    this.ejectTimer.unref();
  }

  /** Marks the verdict of an active health check; a passing check also ends an ejection. */
  setHealthy(healthy: boolean): void {
    this.healthy = healthy;
    if (healthy && this.ejected) {
      clearTimeout(this.ejectTimer);
      this.ejected = false;
    }
  }

  /** Closes the connections once requests in flight complete. */
  async close(): Promise<void> {
    this.retired = true;
    clearTimeout(this.ejectTimer);
    await this.pool.close();
  }
}
