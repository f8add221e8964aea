import { once } from "node:events";
import { createReadStream, createWriteStream } from "node:fs";
import { createInterface } from "node:readline";
import type { Readable, Writable } from "node:stream";
// The server (and through it the stores) loads only when a transfer runs: `switchboard proxy` shares this command tree.
import type { EventStore, ImportProgress } from "@switchboard/server";
import { CliError, invalidInput, usageError } from "../cli-error.js";

/** Where a transfer reads from and writes to, and where it reports. */
export interface TransferIo {
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
}

/** Options of `switchboard events export`. */
export interface ExportOptions {
  from: string;
  out?: string | undefined;
  env?: string | undefined;
  json?: boolean | undefined;
}

/** Options of `switchboard events import`. */
export interface ImportCommandOptions {
  to: string;
  batchSize?: string | undefined;
  json?: boolean | undefined;
}

const PROGRESS_EVERY = 50_000;

/** The store a command names, or the configured one: `SWITCHBOARD_EVENTS_URL`, else the data folder's DuckDB file. */
export function defaultStore(env: Readonly<Record<string, string | undefined>>): string {
  return env["SWITCHBOARD_EVENTS_URL"] || `${env["SWITCHBOARD_DATA_DIR"] || "./.switchboard"}/events.duckdb`;
}

/** Writes every stored item of a store as transfer lines (NDJSON) to a file or stdout; progress goes to stderr. */
export async function exportEvents(options: ExportOptions, io: TransferIo): Promise<void> {
  const { readStoredItems, transferLine } = await import("@switchboard/server");
  const store = await openStore(options.from);
  const out = options.out === undefined || options.out === "-" ? io.stdout : createWriteStream(options.out);
  const counts = { events: 0, exposures: 0 };
  try {
    for await (const stored of readStoredItems(store, options.env === undefined ? {} : { environment: options.env })) {
      if (!out.write(`${transferLine(stored)}\n`)) await once(out, "drain");
      counts[stored.item.type === "event" ? "events" : "exposures"]++;
      const total = counts.events + counts.exposures;
      if (total % PROGRESS_EVERY === 0) io.stderr.write(`exported ${total} items…\n`);
    }
  } finally {
    await store.close();
    if (out !== io.stdout) await new Promise<void>((resolve) => out.end(resolve));
  }
  const summary = { exported: counts.events + counts.exposures, ...counts };
  io.stderr.write(
    options.json
      ? `${JSON.stringify(summary)}\n`
      : `exported ${summary.exported} items (${counts.events} events, ${counts.exposures} exposures) from ${shown(options.from)}\n`,
  );
}

/** Appends transfer lines from a file or stdin to a store; a repeated import stores nothing twice. */
export async function importEvents(
  file: string | undefined,
  options: ImportCommandOptions,
  io: TransferIo,
): Promise<void> {
  const batchSize = options.batchSize === undefined ? 5000 : Number(options.batchSize);
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 100_000) {
    throw usageError(`--batch-size must be an integer from 1 to 100000 (got "${options.batchSize}")`);
  }
  const input = file === undefined || file === "-" ? io.stdin : createReadStream(file);
  const opened = new Promise<void>((resolve, reject) => {
    if (input === io.stdin) return resolve();
    input.once("open", () => resolve());
    input.once("error", (error: Error) => reject(usageError(`cannot read ${file}: ${error.message}`)));
  });
  await opened;
  const { importItems, TransferLineError } = await import("@switchboard/server");
  const store = await openStore(options.to);
  let progress: ImportProgress = { lines: 0, stored: 0, skipped: 0 };
  let reported = 0;
  try {
    progress = await importItems(store, createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY }), {
      batchSize,
      onProgress: (now) => {
        progress = now;
        if (now.stored + now.skipped - reported >= PROGRESS_EVERY) {
          reported = now.stored + now.skipped;
          io.stderr.write(`imported ${now.stored} items (${now.skipped} already there)…\n`);
        }
      },
    });
  } catch (error) {
    if (error instanceof TransferLineError) {
      throw invalidInput(
        `${error.message} (the ${progress.stored} items before it are stored; importing again skips them)`,
      );
    }
    throw error;
  } finally {
    await store.close();
  }
  const summary = { imported: progress.stored, skipped: progress.skipped, lines: progress.lines };
  io.stdout.write(
    options.json
      ? `${JSON.stringify(summary)}\n`
      : `imported ${summary.imported} items into ${shown(options.to)} (${summary.skipped} were already there)\n`,
  );
}

async function openStore(target: string): Promise<EventStore> {
  const { openEventStoreAt } = await import("@switchboard/server");
  try {
    return await openEventStoreAt(target);
  } catch (error) {
    throw new CliError("FAILURE", `cannot open the event store ${shown(target)}: ${(error as Error).message}`);
  }
}

function shown(target: string): string {
  return target.replace(/\/\/([^:/@]*):[^@/]*@/, "//$1:***@");
}
