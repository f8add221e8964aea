import {
  compileFlagSet,
  createEvaluator,
  decryptPayload,
  type Evaluator,
  PayloadError,
  parsePayload,
  type SdkPayload,
  validateFlagSet,
} from "@switchboard/core";
import { invalidInput, usageError } from "../cli-error.js";
import { type ParsedDocument, parseDocumentText } from "../files/parse-document.js";
import { parseProblemPath } from "../files/parse-problem-path.js";
import { readTextFile } from "../files/read-text-file.js";

/** What `--flags FILE` held, ready to evaluate. */
export interface FlagSource {
  kind: "flag-set" | "payload";
  evaluator: Evaluator;
  /** Problems that do not stop evaluation (e.g. a regex that can never match), with file and line. */
  warnings: string[];
}

export interface LoadFlagSourceOptions {
  environment: string;
  decryptionKey?: string | undefined;
}

/**
 * Loads a flag set (our model, YAML or JSON) or an SDK payload (JSON with `features`), told apart by shape,
 * and compiles it into an evaluator. Every problem names the file, the line and the field.
 */
export async function loadFlagSource(fileName: string, options: LoadFlagSourceOptions): Promise<FlagSource> {
  const doc = parseDocumentText(await readTextFile(fileName, "flags file"), fileName);
  const value = doc.value;
  if (isObject(value) && "flags" in value) return loadFlagSet(doc, fileName, options.environment);
  if (isObject(value) && ("features" in value || "encryptedFeatures" in value)) {
    return loadPayload(doc, fileName, options.decryptionKey);
  }
  throw invalidInput(
    `${fileName}: neither a flag set (an object with "flags") nor an SDK payload (an object with "features")`,
  );
}

function loadFlagSet(doc: ParsedDocument, fileName: string, environment: string): FlagSource {
  const validation = validateFlagSet(doc.value);
  if (!validation.ok) {
    const lines = validation.problems.map((p) => `${where(doc, fileName, p.path)}: ${p.path}: ${p.message}`);
    throw invalidInput(`${fileName} is not a valid flag set (${lines.length} problem(s)):\n  ${lines.join("\n  ")}`);
  }
  const declared = validation.value.environments;
  if (declared && !declared.includes(environment)) {
    throw usageError(`environment "${environment}" is not declared in ${fileName} (declared: ${declared.join(", ")})`);
  }
  const payload = compileFlagSet(validation.value, environment);
  return { kind: "flag-set", ...compile(payload, fileName), warnings: [...validation.warnings] };
}

async function loadPayload(doc: ParsedDocument, fileName: string, decryptionKey?: string): Promise<FlagSource> {
  let payload: SdkPayload;
  try {
    payload = parsePayload(doc.value);
    if (payload.encryptedFeatures !== undefined || payload.encryptedSavedGroups !== undefined) {
      if (!decryptionKey) throw usageError(`${fileName} is encrypted: pass --decryption-key KEY`);
      payload = await decryptPayload(payload, decryptionKey);
    }
  } catch (error) {
    if (error instanceof PayloadError) {
      throw invalidInput(`${where(doc, fileName, error.path)}: ${error.message}`);
    }
    if (error instanceof Error && !(error.name === "CliError")) {
      throw invalidInput(`${fileName}: cannot decrypt the payload: ${error.message}`);
    }
    throw error;
  }
  return { kind: "payload", ...compile(payload, fileName) };
}

function compile(payload: SdkPayload, fileName: string): Omit<FlagSource, "kind"> {
  const evaluator = createEvaluator(payload);
  return { evaluator, warnings: evaluator.warnings.map((w) => `${fileName}: ${w}`) };
}

function where(doc: ParsedDocument, fileName: string, path: string): string {
  const line = doc.lineOf(parseProblemPath(path));
  return line === undefined ? fileName : `${fileName}:${line}`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
