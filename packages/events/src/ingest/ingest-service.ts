import { randomUUID } from "node:crypto";
import type { IngestItem } from "@switchboard/core";
import { AppError, type ErrorDetail } from "@switchboard/core";
import type { EventStore, IngestKeyKind } from "../store/event-store.js";
import type { DecodedBody } from "./decode-body.js";
import { normalizeEventFormat } from "./event-format.js";
import { validateItem } from "./validate-item.js";

/** One batch as the ingest endpoints hand it over. */
export interface IngestRequest {
  environment: string;
  /** The kind of key that sent the batch: batch ids are deduplicated per environment and key kind. */
  keyKind: IngestKeyKind;
  /** From `Idempotency-Key`; generated when absent. */
  batchId: string | undefined;
  body: DecodedBody;
  /** Keep the good items and report the bad ones instead of refusing the batch. */
  partial: boolean;
}

/** What happened to a batch: answered only after the stored part is durable. */
export interface IngestOutcome {
  batchId: string;
  /** True when the server made up the batch id: a retry without the same `Idempotency-Key` would store it again. */
  batchIdGenerated: boolean;
  stored: number;
  duplicate: boolean;
  /** Items left out (only with `partial`), each with its index and reason. */
  rejected: ErrorDetail[];
}

/** Limits of the ingest path. */
export interface IngestLimits {
  queueMaxItems: number;
  maxBatchItems: number;
}

const MAX_BATCH_ID = 200;

/**
 * Validates batches and hands them to the event store, with admission control: when the items accepted but not yet
 * committed would exceed the queue bound, the batch is refused with RATE_LIMITED (429 + Retry-After) instead of
 * being buffered without bound.
 */
export class IngestService {
  private pending = 0;

  constructor(
    private readonly store: EventStore,
    private readonly limits: IngestLimits,
    private readonly newBatchId: () => string = randomUUID,
  ) {}

  /** Items accepted and not committed yet. */
  get pendingItems(): number {
    return this.pending;
  }

  /** Validates and stores a batch; throws VALIDATION_FAILED, PAYLOAD_TOO_LARGE or RATE_LIMITED. */
  async ingestBatch(request: IngestRequest): Promise<IngestOutcome> {
    const { values } = request.body;
    if (values.length > this.limits.maxBatchItems) {
      throw new AppError(
        "PAYLOAD_TOO_LARGE",
        `A batch holds at most ${this.limits.maxBatchItems} items (got ${values.length}).`,
      );
    }
    const batchId = request.batchId ?? this.newBatchId();
    if (batchId.length === 0 || batchId.length > MAX_BATCH_ID) {
      throw new AppError("BAD_REQUEST", `Idempotency-Key must be 1 to ${MAX_BATCH_ID} characters.`, [
        { path: "Idempotency-Key", message: "wrong length" },
      ]);
    }
    const { items, rawTexts, rejected } = validateAll(request.body, request.environment);
    if (rejected.length > 0 && !request.partial) {
      throw new AppError(
        "VALIDATION_FAILED",
        `${rejected.length} item(s) of the batch are invalid; nothing was stored. Fix them, or send ?partial=true to keep the valid ones.`,
        rejected,
      );
    }
    const outcome = { batchId, batchIdGenerated: request.batchId === undefined, rejected };
    if (items.length === 0) return { ...outcome, stored: 0, duplicate: false };
    this.admit(items.length);
    try {
      const batch = { batchId, environment: request.environment, keyKind: request.keyKind, items };
      const result = await this.store.append(rawTexts === undefined ? batch : { ...batch, rawTexts });
      return { ...outcome, ...result };
    } finally {
      this.pending -= items.length;
    }
  }

  private admit(count: number): void {
    // A batch larger than the whole bound still gets in when nothing is queued, so no batch size can starve.
    if (this.pending > 0 && this.pending + count > this.limits.queueMaxItems) {
      throw new AppError(
        "RATE_LIMITED",
        "The event writer is behind; retry this batch (same Idempotency-Key) shortly.",
        [],
        {
          retryAfterSeconds: 1,
        },
      );
    }
    this.pending += count;
  }
}

// The valid items, with their received JSON text when the body had one per item (NDJSON), and every problem.
function validateAll(
  body: DecodedBody,
  environment: string,
): { items: IngestItem[]; rawTexts: string[] | undefined; rejected: ErrorDetail[] } {
  const rejected: ErrorDetail[] = [];
  const items: IngestItem[] = [];
  const rawTexts: string[] | undefined = body.texts === undefined ? undefined : [];
  const unparsable = new Map(body.errors.map((error) => [error.index, error.message]));
  body.values.forEach((value, index) => {
    const parseError = unparsable.get(index);
    if (parseError !== undefined) {
      rejected.push({ path: `[${index}]`, message: parseError });
      return;
    }
    const normalized = normalizeEventFormat(value, `[${index}]`, rejected);
    if (normalized === undefined) return;
    const item = validateItem(value, index, environment, rejected);
    if (item === undefined) return;
    items.push(item);
    // An event brought to the stored format is stored as that, not as the text that carried it.
    const received = normalized ? undefined : body.texts?.[index];
    rawTexts?.push(received ?? JSON.stringify(item));
  });
  return { items, rawTexts, rejected };
}
