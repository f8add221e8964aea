import { readFile } from "node:fs/promises";
import type { QueryResult } from "@switchboard/core";
import { callApi } from "../api/call-api.js";
import { invalidInput, usageError } from "../cli-error.js";
import { formatTable } from "./format-table.js";
import { applyShorthand, type ShorthandOptions } from "./query-shorthand.js";

/** Every option of `switchboard events query`. */
export interface EventsQueryOptions extends ShorthandOptions {
  url?: string;
  token?: string;
  query?: string;
  json?: boolean;
}

/** Where the command writes: results to stdout, progress to stderr (redrawn in place on a terminal). */
export interface EventsQueryIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  readStdin(): Promise<string>;
}

const PROGRESS_AFTER_MS = 1000;

/** Builds the query (file, stdin, --query, shorthand), posts it to the server and prints the answer. */
export async function runEventsQuery(
  file: string | undefined,
  options: EventsQueryOptions,
  io: EventsQueryIo,
): Promise<void> {
  const base = await readBaseQuery(file, options.query, io);
  const query = applyShorthand(base, options);
  const result = await withProgress(io.stderr, () => postQuery(options, query));
  if (options.json === true) {
    io.stdout.write(`${JSON.stringify(result)}\n`);
    return;
  }
  const columns = result.columns ?? [];
  const rows = result.rows ?? [];
  io.stdout.write(`${formatTable(columns, rows)}\n(${rows.length} row${rows.length === 1 ? "" : "s"})\n`);
  if (typeof result.nextCursor === "string") io.stdout.write(`next page: --cursor ${result.nextCursor}\n`);
  if (typeof result.sql === "string") {
    io.stdout.write(`\nSQL:\n${result.sql}\nparams: ${JSON.stringify(result.params ?? [])}\n`);
  }
}

async function readBaseQuery(
  file: string | undefined,
  inline: string | undefined,
  io: EventsQueryIo,
): Promise<Record<string, unknown> | undefined> {
  if (file !== undefined && inline !== undefined) throw usageError("give a query file or --query, not both");
  if (file === undefined && inline === undefined) return undefined;
  const source = inline !== undefined ? "--query" : file === "-" ? "stdin" : file;
  let text: string;
  try {
    text = inline ?? (file === "-" ? await io.readStdin() : await readFile(file ?? "", "utf8"));
  } catch (error) {
    throw invalidInput(`cannot read ${source}: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    const value: unknown = JSON.parse(text);
    if (value === null || typeof value !== "object" || Array.isArray(value)) throw new Error("not a JSON object");
    return value as Record<string, unknown>;
  } catch (error) {
    throw invalidInput(
      `${source} is not a JSON query object: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

const WORDING = {
  tokenHint: "give --token or set SWITCHBOARD_TOKEN (a viewer token is enough)",
  bodyPath: "(query)",
  failed: "query failed",
};

function postQuery(options: EventsQueryOptions, query: unknown): Promise<QueryResult> {
  return callApi(options, WORDING, (api) => api.query(query));
}

// Long queries say they are still running, so a silent terminal never looks hung.
async function withProgress<T>(stderr: EventsQueryIo["stderr"], work: () => Promise<T>): Promise<T> {
  const startedMs = Date.now();
  let shown = false;
  const timer = setInterval(() => {
    const seconds = Math.round((Date.now() - startedMs) / 1000);
    stderr.write(stderr.isTTY === true ? `\rquerying… ${seconds} s` : `querying… ${seconds} s\n`);
    shown = true;
  }, PROGRESS_AFTER_MS);
  try {
    return await work();
  } finally {
    clearInterval(timer);
    if (shown && stderr.isTTY === true) stderr.write("\r\u001b[K");
  }
}
