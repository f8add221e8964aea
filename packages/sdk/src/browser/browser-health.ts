import type { ClientError } from "../client/client-types.js";
import type { ClientLog, ServerFailure, ServerWatch } from "../client/server-watch.js";

/**
 * The browser entry's `status()` source: whether the server answers and the last failure's message, no refusal
 * reasons (the platform's EventSource does not show why a stream was refused). Each failure is logged as it comes.
 */
export class BrowserHealth implements ServerWatch {
  answering: boolean | undefined;
  lastError: ClientError | undefined;
  lastUpdateAt: number | undefined;
  readonly #log: ClientLog;

  constructor(log: ClientLog) {
    this.#log = log;
  }

  answered(): void {
    this.answering = true;
  }

  updated(): void {
    this.lastUpdateAt = Date.now();
  }

  failed(kind: string, { message }: ServerFailure): void {
    this.answering = false;
    this.lastError = { message, at: Date.now() };
    this.#log.warn(kind, message);
  }
}

/** Prints every warning: the browser entry has no rate limit (docs/sdk.md, "What the browser build does differently"). */
export function printingLog(sink: (message: string) => void): ClientLog {
  return {
    warn: (_kind, message) => {
      try {
        sink(`[switchboard] ${message}`);
      } catch {
        // A broken logger must not turn a warning into a crash of the page.
      }
    },
  };
}
