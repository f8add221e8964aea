import { createHash } from "node:crypto";
import type { ErrorDetail, IngestItem } from "@switchboard/core";
import { validateItem } from "../ingest/validate-item.js";
import type { EventStore } from "../store/event-store.js";
import type { StoredItem } from "./stored-items.js";

/** The line of the transfer format (NDJSON) that carries one stored item. */
export function transferLine(stored: StoredItem): string {
  return JSON.stringify({ environment: stored.environment, item: stored.item });
}

/** A line that is not a valid transfer line: its 1-based number and every problem. */
export class TransferLineError extends Error {
  constructor(
    readonly line: number,
    readonly problems: readonly string[],
  ) {
    super(`line ${line}: ${problems.join("; ")}`);
    this.name = "TransferLineError";
  }
}

/**
 * Reads one transfer line, checking its item as ingest would (shape and storable values), except for the window of
 * accepted times: imported history is as old as it is.
 */
export function parseTransferLine(text: string, line: number): StoredItem {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new TransferLineError(line, ["not JSON"]);
  }
  const record = value as { environment?: unknown; item?: unknown } | null;
  if (
    record === null ||
    typeof record !== "object" ||
    typeof record.environment !== "string" ||
    record.environment === ""
  ) {
    throw new TransferLineError(line, ['must be {"environment": "<name>", "item": {…}}']);
  }
  const item = record.item as { ts?: unknown } | undefined;
  const itemTime = typeof item?.ts === "string" ? Date.parse(item.ts) : Number.NaN;
  const problems: ErrorDetail[] = [];
  const valid = validateItem(item, 0, record.environment, problems, Number.isNaN(itemTime) ? Date.now() : itemTime);
  if (valid === undefined) {
    throw new TransferLineError(
      line,
      problems.map((problem) => `item${problem.path.replace(/^\[0\]/, "")}: ${problem.message}`),
    );
  }
  return { environment: record.environment, item: valid };
}

/** How an import goes. */
export interface ImportOptions {
  /** Items per appended batch; 5,000 when left out. */
  batchSize?: number;
  /** Called after each stored batch with the running totals. */
  onProgress?: (progress: ImportProgress) => void;
}

/** Running totals of an import. */
export interface ImportProgress {
  lines: number;
  stored: number;
  /** Items of batches the target already held (a repeated import): not stored again. */
  skipped: number;
}

/**
 * Appends transfer lines to a store, in batches per environment. A batch's id is derived from its items, so running
 * the same import again (after an interruption) stores nothing twice: its batches are answered as duplicates.
 * Stops at the first invalid line, after storing the batches before it; the error names the line.
 */
export async function importItems(
  store: EventStore,
  lines: AsyncIterable<string>,
  options: ImportOptions = {},
): Promise<ImportProgress> {
  const batchSize = options.batchSize ?? 5000;
  const progress: ImportProgress = { lines: 0, stored: 0, skipped: 0 };
  const pending = new Map<string, IngestItem[]>();
  const flush = async (environment: string) => {
    const items = pending.get(environment) ?? [];
    if (items.length === 0) return;
    pending.set(environment, []);
    const hash = createHash("sha256");
    for (const item of items) hash.update(`${item.type}:${item.id}\n`);
    const result = await store.append({ batchId: `import-${hash.digest("hex").slice(0, 32)}`, environment, items });
    if (result.duplicate) progress.skipped += items.length;
    else progress.stored += result.stored;
    options.onProgress?.({ ...progress });
  };
  try {
    for await (const text of lines) {
      progress.lines++;
      if (text.trim() === "") continue;
      const { environment, item } = parseTransferLine(text, progress.lines);
      const items = pending.get(environment) ?? [];
      pending.set(environment, items);
      items.push(item);
      if (items.length >= batchSize) await flush(environment);
    }
  } finally {
    // Everything before a bad line is stored, so a corrected file can be imported again from the start.
    for (const environment of pending.keys()) await flush(environment);
  }
  return progress;
}
