import type { Writable } from "node:stream";
import { type EvalContext, type Evaluator, explainFlag } from "@switchboard/core";
import { invalidInput, usageError } from "../cli-error.js";
import { formatResult } from "./format-result.js";
import { loadFlagSource } from "./load-flag-source.js";
import { readContexts } from "./read-contexts.js";

export interface EvalOptions {
  flags: string;
  contexts: string;
  env: string;
  flag?: string[] | undefined;
  explain?: boolean | undefined;
  decryptionKey?: string | undefined;
}

export interface EvalIo {
  stdout: Writable;
  stderr: Writable;
  /** Whether to print progress and a summary to stderr (a person is watching). */
  progress: boolean;
}

export interface EvalSummary {
  contexts: number;
  evaluations: number;
  badLines: number;
}

const FLUSH_BYTES = 64 * 1024;

/**
 * Evaluates every flag (or the `--flag` ones) for every context line and writes one JSON line per pair,
 * in input order. Bad context lines are reported with file and line and make the command fail at the end,
 * after every good line has been answered.
 */
export async function runEval(options: EvalOptions, io: EvalIo): Promise<EvalSummary> {
  const source = await loadFlagSource(options.flags, {
    environment: options.env,
    decryptionKey: options.decryptionKey,
  });
  for (const warning of source.warnings) io.stderr.write(`warning: ${warning}\n`);
  const flagKeys = selectFlags(source.evaluator, options.flag, options.flags);
  const summary: EvalSummary = { contexts: 0, evaluations: 0, badLines: 0 };
  const started = performance.now();
  let buffer = "";
  for await (const entry of readContexts(options.contexts)) {
    if (entry.problem !== undefined) {
      summary.badLines++;
      io.stderr.write(`${options.contexts}:${entry.line}: ${entry.problem}\n`);
      continue;
    }
    summary.contexts++;
    buffer += evaluateLine(source.evaluator, flagKeys, entry.line, { attributes: entry.attributes }, options.explain);
    summary.evaluations += flagKeys.length;
    if (buffer.length >= FLUSH_BYTES) {
      await write(io.stdout, buffer);
      buffer = "";
      if (io.progress) io.stderr.write(`\r${summary.contexts} contexts evaluated…`);
    }
  }
  await write(io.stdout, buffer);
  if (io.progress) {
    const ms = (performance.now() - started).toFixed(0);
    io.stderr.write(`\r${summary.contexts} contexts × ${flagKeys.length} flags evaluated in ${ms} ms\n`);
  }
  if (summary.badLines) throw invalidInput(`${summary.badLines} line(s) of ${options.contexts} could not be evaluated`);
  return summary;
}

function selectFlags(evaluator: Evaluator, wanted: string[] | undefined, fileName: string): readonly string[] {
  if (!wanted?.length) return evaluator.flagKeys;
  const known = new Set(evaluator.flagKeys);
  const unknown = wanted.filter((key) => !known.has(key));
  if (unknown.length) {
    const list = evaluator.flagKeys.length ? evaluator.flagKeys.join(", ") : "none";
    throw usageError(`no flag ${unknown.map((k) => `"${k}"`).join(", ")} in ${fileName} (flags: ${list})`);
  }
  return wanted;
}

function evaluateLine(
  evaluator: Evaluator,
  flagKeys: readonly string[],
  line: number,
  context: EvalContext,
  explain: boolean | undefined,
): string {
  let out = "";
  for (const key of flagKeys) {
    if (explain) {
      const explanation = explainFlag(evaluator, key, context);
      out += `${formatResult(line, key, explanation.result, explanation)}\n`;
    } else {
      out += `${formatResult(line, key, evaluator.evaluate(key, context))}\n`;
    }
  }
  return out;
}

function write(stream: Writable, text: string): Promise<void> {
  if (!text) return Promise.resolve();
  return new Promise((resolve, reject) => {
    stream.write(text, (error) => (error ? reject(error) : resolve()));
  });
}
