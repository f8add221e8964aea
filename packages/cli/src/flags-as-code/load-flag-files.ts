import { type Flag, type Segment, type ServerOwnedField, validateFlagSet } from "@switchboard/core";
import { type ParsedDocument, parseDocumentText } from "../files/parse-document.js";
import { parseProblemPath } from "../files/parse-problem-path.js";
import { readTextFile } from "../files/read-text-file.js";

/** A problem in the files, where a person fixes it. */
export interface FileFinding {
  file: string;
  line: number | undefined;
  path: string;
  message: string;
  severity: "error" | "warning";
}

/** The flag set the files declare, validated, with defaults filled; or every problem found. */
export interface LoadedFlagFiles {
  flags: Record<string, Flag>;
  /** The segments the files declare (not the server's, which only stand in for names). */
  segments: Record<string, Segment>;
  /** Whether any file has a `segments` section: only then are the files the whole truth about segments. */
  declaresSegments: boolean;
  serverOwned: ServerOwnedField[];
  findings: FileFinding[];
  ok: boolean;
}

/** What the server already has, so files may name its environments and segments without declaring them. */
export interface KnownNames {
  environments: readonly string[];
  segments: readonly string[];
}

const MERGED_RECORDS = ["flags", "segments", "experiments", "metrics"] as const;

/**
 * Reads flag-set files (YAML or JSON), merges them into one set (a key declared in two files is a problem naming
 * both), validates the set (schema, semantics, references between flags, segments and environments, weights,
 * ReDoS-safe regexes) and reports each problem with its file and line. A syntax error names file, line and column.
 */
export async function loadFlagFiles(files: readonly string[], known?: KnownNames): Promise<LoadedFlagFiles> {
  const findings: FileFinding[] = [];
  const docs: { file: string; doc: ParsedDocument }[] = [];
  for (const file of files) {
    try {
      docs.push({ file, doc: parseDocumentText(await readTextFile(file, "flag-set file"), file) });
    } catch (error) {
      const text = error instanceof Error ? error.message : String(error);
      const at = /^(.*):(\d+):\d+: (.*)$/s.exec(text);
      findings.push({
        file,
        line: at ? Number(at[2]) : undefined,
        path: "",
        message: at?.[3] ?? text,
        severity: "error",
      });
    }
  }
  const owner = new Map<string, { file: string; doc: ParsedDocument }>();
  const merged: Record<string, unknown> = { version: 1 };
  for (const entry of docs) mergeInto(merged, entry, owner, findings);
  const declaredSegments = { ...((merged["segments"] ?? {}) as Record<string, unknown>) };
  if (known !== undefined) addKnownNames(merged, known);
  if (findings.some((f) => f.severity === "error"))
    return { flags: {}, segments: {}, declaresSegments: false, serverOwned: [], findings, ok: false };
  const result = validateFlagSet(merged);
  const locate = (path: string): { file: string; line: number | undefined } => {
    const segments = parseProblemPath(path);
    const part = `${String(segments[0])}/${String(segments[1])}`;
    const source = owner.get(part) ?? owner.get(String(segments[0])) ?? docs[0];
    return { file: source?.file ?? files[0] ?? "", line: source?.doc.lineOf(segments) };
  };
  for (const warning of result.warnings)
    findings.push({ ...locate(""), path: "", message: warning, severity: "warning" });
  if (!result.ok) {
    for (const p of result.problems)
      findings.push({ ...locate(p.path), path: p.path, message: p.message, severity: "error" });
    return { flags: {}, segments: {}, declaresSegments: false, serverOwned: [], findings, ok: false };
  }
  const declared = Object.keys(declaredSegments);
  const segments = Object.fromEntries(declared.map((name) => [name, result.value.segments?.[name] as Segment]));
  const declaresSegments = docs.some((entry) => isRecord(entry.doc.value) && "segments" in entry.doc.value);
  const serverOwned = [...(result.value.serverOwned ?? [])];
  return { flags: result.value.flags, segments, declaresSegments, serverOwned, findings, ok: true };
}

function mergeInto(
  merged: Record<string, unknown>,
  source: { file: string; doc: ParsedDocument },
  owner: Map<string, { file: string; doc: ParsedDocument }>,
  findings: FileFinding[],
): void {
  const value = source.doc.value;
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    findings.push({
      file: source.file,
      line: 1,
      path: "",
      message: 'is not a flag set (an object with "flags")',
      severity: "error",
    });
    return;
  }
  for (const [field, content] of Object.entries(value as Record<string, unknown>)) {
    if ((MERGED_RECORDS as readonly string[]).includes(field) && isRecord(content)) {
      const target = (merged[field] ?? {}) as Record<string, unknown>;
      merged[field] = target;
      for (const [key, item] of Object.entries(content)) {
        const first = owner.get(`${field}/${key}`);
        if (first !== undefined) {
          const line = source.doc.lineOf([field, key]);
          const message = `${field} "${key}" is declared twice (first in ${first.file}:${first.doc.lineOf([field, key]) ?? "?"})`;
          findings.push({ file: source.file, line, path: `${field}.${key}`, message, severity: "error" });
          continue;
        }
        owner.set(`${field}/${key}`, source);
        target[key] = item;
      }
    } else if ((field === "environments" || field === "serverOwned") && Array.isArray(content)) {
      merged[field] = [...new Set([...((merged[field] as unknown[] | undefined) ?? []), ...content])];
      if (!owner.has(field)) owner.set(field, source);
    } else if (field !== "version" || !owner.has(field)) {
      // Anything else (a wrong version, an unknown field) is left for validation to name, in this file.
      merged[field] = content;
      owner.set(field, source);
    }
  }
}

function addKnownNames(merged: Record<string, unknown>, known: KnownNames): void {
  if (merged["environments"] === undefined) merged["environments"] = [...known.environments];
  const segments = (merged["segments"] ?? {}) as Record<string, unknown>;
  merged["segments"] = segments;
  // Only names matter to the flags' checks, so the server's segments stand in as empty conditions.
  for (const name of known.segments) segments[name] ??= { condition: {} };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A finding as one line: `file:line: path: message`. */
export function findingText(finding: FileFinding): string {
  const where = finding.line === undefined ? finding.file : `${finding.file}:${finding.line}`;
  const path = finding.path === "" ? "" : `${finding.path}: `;
  return `${where}: ${finding.severity === "warning" ? "warning: " : ""}${path}${finding.message}`;
}
