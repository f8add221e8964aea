import type { ClientError, PayloadSource } from "./client-types.js";
import type { ClientLog, ServerFailure, ServerWatch } from "./server-watch.js";

/**
 * How the server last answered, for `status()`, and the warnings about it. A refusal (the key is unknown, revoked,
 * or not an SDK key) is logged once with the server's own sentence and what the client serves meanwhile; again only
 * after the server accepted the client in between, or for another reason.
 */
export class ServerHealth implements ServerWatch {
  /** True once a stream opened or a poll worked, false after a failure, undefined before either. */
  answering: boolean | undefined;
  lastError: ClientError | undefined;
  lastUpdateAt: number | undefined;
  #logged: string | undefined;

  readonly #log: ClientLog;
  readonly #nowMs: () => number;
  readonly #source: () => PayloadSource;

  constructor(log: ClientLog, nowMs: () => number, source: () => PayloadSource) {
    this.#log = log;
    this.#nowMs = nowMs;
    this.#source = source;
  }

  answered(): void {
    this.answering = true;
    this.#logged = undefined;
  }

  /** A payload or patch from the server is in service. */
  updated(): void {
    this.lastUpdateAt = this.#nowMs();
  }

  failed(kind: string, { message, status, code, reason }: ServerFailure): void {
    this.answering = false;
    this.lastError = { message, at: this.#nowMs() };
    if (status !== undefined) this.lastError.status = status;
    if (code !== undefined) this.lastError.code = code;
    // A 4xx the client cannot wait out: the key or the configuration is wrong (timeouts and rate limits pass).
    if (status === undefined || status < 400 || status > 499 || status === 408 || status === 429) {
      this.#log.warn(kind, message);
      return;
    }
    const said = `${status}${code === undefined ? "" : ` ${code}`}: ${reason ?? message}`;
    if (said === this.#logged) return;
    this.#logged = said;
    const source = this.#source();
    const name = source === "cache" ? "cached" : source === "server" ? "server's last" : source;
    const serving = source === "none" ? "every flag serves its default" : `serving the ${name} payload, maybe stale`;
    this.#log.warn(`refused ${said}`, `the server refuses this client (${said}); ${serving} until that is fixed`);
  }
}
