import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type CodeReference, type ScanResult, sortReferences } from "./code-reference.js";
import { listSourceFiles } from "./list-source-files.js";
import type { ScanConfig } from "./scan-config.js";
import { scanWithPatterns } from "./scan-patterns.js";
import { type FoundConstant, type ScriptFindings, scanScript } from "./scan-script.js";
import { SCRIPT_EXTENSIONS, SDK_METHODS } from "./sdk-methods.js";

/** What to scan: the repository root, optional sub-paths of it, the configuration and the keys known to be flags. */
export interface ScanRequest {
  root: string;
  /** Folders or files relative to `root`; the whole root when empty. */
  paths?: readonly string[];
  config: ScanConfig;
  /** Flag keys from the server, added to the configured ones. */
  knownKeys?: readonly string[];
}

interface ParsedScript {
  file: string;
  text: string;
  findings: ScriptFindings;
}

/**
 * Finds every reference to a flag key under a repository root. Script files are parsed only when their text could
 * hold a reference: first those that mention an SDK method or helper, then those that mention a constant one of
 * those calls names or a known key; a file mentioning neither cannot reference a flag, and skipping its parse is
 * what keeps a scan of a large repository fast.
 */
export function scanRepository(request: ScanRequest): ScanResult {
  const { config } = request;
  const scriptExtensions = new Set<string>(SCRIPT_EXTENSIONS);
  const patternExtensions = new Set(config.patterns.flatMap((p) => p.extensions));
  const extensions = new Set([...scriptExtensions, ...patternExtensions]);
  const files = filterPaths(listSourceFiles(request.root, extensions, config.exclude), request.paths ?? []);
  const knownKeys = new Set([...config.keys, ...(request.knownKeys ?? [])]);
  const scanOptions = { functions: new Set(config.functions), receivers: config.receivers };
  const callHint = callHintOf(config.functions);

  const parsed: ParsedScript[] = [];
  const unparsed: { file: string; text: string }[] = [];
  const references: CodeReference[] = [];
  for (const file of files) {
    const text = readFileSync(join(request.root, file), "utf8");
    const extension = file.slice(file.lastIndexOf("."));
    if (scriptExtensions.has(extension)) {
      if (callHint.test(text)) parsed.push({ file, text, findings: scanScript(file, text, scanOptions) });
      else unparsed.push({ file, text });
    }
    if (patternExtensions.has(extension)) {
      const patterns = config.patterns.filter((p) => p.extensions.includes(extension));
      references.push(...scanWithPatterns(file, text, patterns));
    }
  }

  // Constants named by calls may live in files without a call (a flag-keys module): parse those too.
  const namedByCalls = new Set<string>();
  for (const script of parsed) {
    for (const call of script.findings.calls) {
      if ("name" in call.argument) namedByCalls.add(call.argument.name.split(".")[0] ?? "");
    }
  }
  const mentions = [...namedByCalls].filter((name) => name !== "");
  const quotedKeys = [...knownKeys].flatMap((key) => [`"${key}"`, `'${key}'`, `\`${key}\``]);
  for (const { file, text } of unparsed) {
    if (mentions.some((name) => text.includes(name)) || quotedKeys.some((key) => text.includes(key))) {
      parsed.push({ file, text, findings: scanScript(file, text, scanOptions) });
    }
  }

  references.push(...resolveScripts(parsed, knownKeys));
  return { references: sortReferences(references), filesScanned: files.length, filesParsed: parsed.length };
}

function callHintOf(functions: readonly string[]): RegExp {
  const names = [...SDK_METHODS.distinctive, ...SDK_METHODS.generic, ...functions].map((n) => n.replace(/[$]/g, "\\$"));
  return new RegExp(`(?:${names.join("|")})\\s*\\(`);
}

function filterPaths(files: string[], paths: readonly string[]): string[] {
  const prefixes = paths
    .map((p) =>
      p
        .replace(/\\/g, "/")
        .replace(/^\.\/?/, "")
        .replace(/\/$/, ""),
    )
    .filter((p) => p !== "");
  if (prefixes.length === 0) return files;
  return files.filter((file) => prefixes.some((prefix) => file === prefix || file.startsWith(`${prefix}/`)));
}

/** Turns calls and constants into references: a call names its key directly or through a constant. */
function resolveScripts(scripts: readonly ParsedScript[], knownKeys: ReadonlySet<string>): CodeReference[] {
  const constantsByName = new Map<string, { file: string; constant: FoundConstant }[]>();
  for (const script of scripts) {
    for (const constant of script.findings.constants) {
      const list = constantsByName.get(constant.name) ?? [];
      list.push({ file: script.file, constant });
      constantsByName.set(constant.name, list);
    }
  }
  const usedConstants = new Set<FoundConstant>();
  const references: CodeReference[] = [];
  for (const script of scripts) {
    const quote = quoter(script);
    for (const call of script.findings.calls) {
      let flag: string | undefined;
      if ("literal" in call.argument) {
        if (call.trusted || knownKeys.has(call.argument.literal)) flag = call.argument.literal;
      } else {
        const candidates = constantsByName.get(call.argument.name) ?? [];
        const match = candidates.find((c) => c.file === script.file) ?? candidates[0];
        if (match !== undefined && (call.trusted || knownKeys.has(match.constant.key))) {
          flag = match.constant.key;
          usedConstants.add(match.constant);
        }
      }
      if (flag === undefined) continue;
      references.push({
        flag,
        file: script.file,
        line: call.line,
        column: call.column,
        kind: "call",
        via: call.via,
        text: quote(call.line),
        ...(call.deadLines === undefined ? {} : { deadLines: call.deadLines }),
      });
    }
  }
  for (const script of scripts) {
    const quote = quoter(script);
    for (const constant of script.findings.constants) {
      if (!usedConstants.has(constant) && !knownKeys.has(constant.key)) continue;
      references.push({
        flag: constant.key,
        file: script.file,
        line: constant.line,
        column: constant.column,
        kind: constant.kind,
        via: constant.name,
        text: quote(constant.line),
      });
    }
  }
  return references;
}

function quoter(script: ParsedScript): (line: number) => string {
  const starts = script.findings.lineStarts;
  return (line) =>
    script.text
      .slice(starts[line - 1] ?? 0, starts[line] ?? script.text.length)
      .trim()
      .slice(0, 200);
}
