import type { ClientError } from "./client-types.js";

/** A failed request as the client reports it: the message always, the server's status and reason when it gave them. */
export interface ServerFailure {
  message: string;
  cause?: unknown;
  status?: number | undefined;
  code?: string | undefined;
  reason?: string | undefined;
}

/** Where a client's warnings go: the Node and default entries rate-limit them, the browser entry prints each. */
export interface ClientLog {
  warn(kind: string, message: string): void;
}

/**
 * How the server last answered, as `status()` reports it. The Node and default entries keep the server's refusal
 * reasons (`ServerHealth`); the browser entry keeps only the last message (`BrowserHealth`).
 */
export interface ServerWatch {
  /** True once the server answered, false after a failure, undefined before either. */
  readonly answering: boolean | undefined;
  readonly lastError: ClientError | undefined;
  readonly lastUpdateAt: number | undefined;
  answered(): void;
  /** A payload or patch from the server is in service. */
  updated(): void;
  failed(kind: string, failure: ServerFailure): void;
}
