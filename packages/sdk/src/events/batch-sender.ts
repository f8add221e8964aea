import type { IngestItem } from "@switchboard/core";
import { backoffDelayMs } from "../client/backoff.js";
import { BatchBytes } from "./batch-bytes.js";
import { type BatchPoster, fetchPoster } from "./batch-poster.js";
import { encodeBatch } from "./encode-batch.js";
import {
  type AttemptOutcome,
  type BackoffOptions,
  classifyStatus,
  parseRetryAfterMs,
  problemMessage,
} from "./retry-policy.js";

/** Where and how batches are delivered. */
export interface BatchSenderOptions {
  /** The server's base URL; batches go to `{url}/api/v1/events`. */
  url: string;
  sdkKey: string;
  compress: boolean;
  /** Attempts per batch before it is given up (counted as failed). */
  maxAttempts: number;
  requestTimeoutMs: number;
  backoff: BackoffOptions;
  fetch: typeof fetch;
  /** How a batch is POSTed; default over `fetch` (`fetchPoster`). */
  post?: BatchPoster;
  /** Waits; injectable so tests and `close()` can cut backoff short. */
  sleep: (ms: number) => Promise<void>;
}

/** What happened to one batch. */
export type BatchResult =
  | { kind: "sent"; attempts: number }
  | { kind: "rejected"; attempts: number; status: number; message: string }
  | { kind: "failed"; attempts: number; reason: string };

/** Delivers one batch: the same `Idempotency-Key` on every attempt, backoff with jitter, `Retry-After` honoured. */
export class BatchSender {
  readonly #endpoint: string;
  readonly #post: BatchPoster;
  /** Reused by one batch after another; a send that overlaps another (never, from `EventTransport`) gets its own. */
  readonly #bytes = new BatchBytes();
  #sending = false;

  constructor(private readonly options: BatchSenderOptions) {
    this.#endpoint = `${options.url.replace(/\/+$/, "")}/api/v1/events`;
    this.#post = options.post ?? fetchPoster(options.fetch);
  }

  /** Sends the batch (items or NDJSON lines from `encodeItem`) until it is accepted, rejected, or out of attempts; never throws. */
  async send(
    batchId: string,
    items: readonly (IngestItem | string)[],
    onRetry?: (reason: string) => void,
  ): Promise<BatchResult> {
    const overlapping = this.#sending;
    this.#sending = true;
    try {
      return await this.#send(batchId, items, overlapping ? new BatchBytes() : this.#bytes, onRetry);
    } finally {
      if (!overlapping) this.#sending = false;
    }
  }

  async #send(
    batchId: string,
    items: readonly (IngestItem | string)[],
    bytes: BatchBytes,
    onRetry: ((reason: string) => void) | undefined,
  ): Promise<BatchResult> {
    const encoded = await encodeBatch(items, this.options.compress, bytes);
    const headers = {
      ...encoded.headers,
      authorization: `Bearer ${this.options.sdkKey}`,
      "idempotency-key": batchId,
    };
    let lastReason = "";
    for (let attempt = 1; attempt <= this.options.maxAttempts; attempt++) {
      const outcome = await this.#attempt(headers, encoded.body);
      if (outcome.kind === "sent") return { kind: "sent", attempts: attempt };
      if (outcome.kind === "reject") return { ...outcome, kind: "rejected", attempts: attempt };
      lastReason = outcome.reason;
      if (attempt === this.options.maxAttempts) break;
      onRetry?.(outcome.reason);
      await this.options.sleep(outcome.retryAfterMs ?? this.#backoffMs(attempt));
    }
    return { kind: "failed", attempts: this.options.maxAttempts, reason: lastReason };
  }

  // The same backoff as the update loop's reconnects; attempts here count from 1.
  #backoffMs(attempt: number): number {
    const { initialMs, maxMs, random } = this.options.backoff;
    return backoffDelayMs(attempt - 1, { initialDelayMs: initialMs, maxDelayMs: maxMs }, random);
  }

  async #attempt(headers: Record<string, string>, body: Uint8Array<ArrayBuffer> | string): Promise<AttemptOutcome> {
    try {
      const answer = await this.#post(this.#endpoint, headers, body, this.options.requestTimeoutMs);
      const retryAfterMs = parseRetryAfterMs(answer.retryAfter, Date.now());
      const outcome = classifyStatus(answer.status, retryAfterMs, "");
      // Only a rejection reports the server's message: an accepted batch's answer is not parsed.
      return outcome.kind === "reject" ? { ...outcome, message: problemMessage(answer.text) } : outcome;
    } catch (error: unknown) {
      return { kind: "retry", reason: error instanceof Error ? error.message : String(error) };
    }
  }
}
