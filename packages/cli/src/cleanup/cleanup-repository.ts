import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createTwoFilesPatch } from "diff";
import type { ScanConfig } from "../scan/scan-config.js";
import { scanRepository } from "../scan/scan-repository.js";
import { SCRIPT_EXTENSIONS } from "../scan/sdk-methods.js";
import { foldFlag } from "./fold-flag.js";
import { removeNewlyUnused } from "./remove-unused.js";

/** What to clean: the repository, the flag, and the value it keeps serving. */
export interface CleanupRequest {
  root: string;
  paths?: readonly string[];
  config: ScanConfig;
  flag: string;
  value: unknown;
}

/** One rewritten file: its path, its texts before and after, and its unified diff. */
export interface CleanedFile {
  file: string;
  before: string;
  after: string;
  patch: string;
}

/** The rewritten files and the calls a person must still look at (details, overrides, other languages). */
export interface CleanupResult {
  files: CleanedFile[];
  left: { file: string; line: number; text: string }[];
}

const SCRIPT = new Set<string>(SCRIPT_EXTENSIONS);

/**
 * Rewrites every TypeScript/JavaScript file that references `flag` as if it always served `value`: the scan finds
 * the files and the constants holding the key, each file is folded, then what the fold left unused is removed.
 */
export function cleanupRepository(request: CleanupRequest): CleanupResult {
  const scan = scanRepository({
    root: request.root,
    paths: request.paths ?? [],
    config: request.config,
    knownKeys: [request.flag],
  });
  const references = scan.references.filter((r) => r.flag === request.flag);
  const constantNames = new Set(references.filter((r) => r.kind === "constant" || r.kind === "enum").map((r) => r.via));
  const matcher = {
    flag: request.flag,
    constantNames,
    functions: new Set(request.config.functions),
    value: request.value,
  };
  const files: CleanedFile[] = [];
  const left: CleanupResult["left"] = [];
  // Files that only name the key through a constant from another module are found by the constant's name.
  const candidates = new Set(references.map((r) => r.file));
  for (const file of [...candidates].sort()) {
    const extension = file.slice(file.lastIndexOf("."));
    if (!SCRIPT.has(extension)) {
      for (const r of references.filter((x) => x.file === file)) left.push({ file, line: r.line, text: r.text });
      continue;
    }
    const before = readFileSync(join(request.root, file), "utf8");
    const folded = foldFlag(file, before, matcher);
    for (const l of folded.left) left.push({ file, ...l });
    if (!folded.changed) continue;
    const after = removeNewlyUnused(file, before, folded.text);
    files.push({ file, before, after, patch: createTwoFilesPatch(`a/${file}`, `b/${file}`, before, after, "", "") });
  }
  return { files, left };
}

/** Writes the rewritten files in place. */
export function writeCleanup(root: string, result: CleanupResult): void {
  for (const file of result.files) writeFileSync(join(root, file.file), file.after);
}
