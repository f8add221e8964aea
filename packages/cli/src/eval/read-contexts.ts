import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import type { Attributes } from "@switchboard/core";
import { usageError } from "../cli-error.js";

/** One line of a contexts file: its attributes, or why it could not be read. */
export type ContextLine =
  | { line: number; attributes: Attributes; problem?: undefined }
  | { line: number; attributes?: undefined; problem: string };

/**
 * Streams an NDJSON file of attribute objects, one per line (blank lines are skipped but still counted),
 * so that files larger than memory can be evaluated. `-` reads standard input.
 */
export async function* readContexts(fileName: string): AsyncGenerator<ContextLine> {
  const input = fileName === "-" ? process.stdin : createReadStream(fileName, { encoding: "utf8" });
  const opened = new Promise<void>((resolve, reject) => {
    if (input === process.stdin) return resolve();
    input.once("open", () => resolve());
    input.once("error", (error: NodeJS.ErrnoException) =>
      reject(usageError(`cannot read contexts file ${fileName}: ${error.code === "ENOENT" ? "no such file" : error}`)),
    );
  });
  await opened;
  let line = 0;
  for await (const text of createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY })) {
    line++;
    if (text.trim() === "") continue;
    yield parseContextLine(text, line);
  }
}

function parseContextLine(text: string, line: number): ContextLine {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { line, problem: `not valid JSON (${(error as Error).message})` };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return { line, problem: 'must be a JSON object of attributes, e.g. {"id": "42", "country": "jp"}' };
  }
  return { line, attributes: value as Attributes };
}
