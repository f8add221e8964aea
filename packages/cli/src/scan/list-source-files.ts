import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import ignore, { type Ignore } from "ignore";

/** Folders never worth reading, whatever .gitignore says. */
const ALWAYS_SKIPPED = new Set([".git", "node_modules"]);

interface IgnoreScope {
  /** The folder of the .gitignore, relative to the root with a trailing `/` ("" at the root). */
  base: string;
  rules: Ignore;
}

/**
 * Every file under `root` whose extension is in `extensions`, as `/`-separated paths relative to `root`, skipping
 * what the .gitignore files (at every level, each applying to its own folder) and `exclude` rules ignore.
 * Synchronous on purpose: one directory read after another is the fastest walk on one core.
 */
export function listSourceFiles(root: string, extensions: ReadonlySet<string>, exclude: readonly string[]): string[] {
  const files: string[] = [];
  const scopes: IgnoreScope[] = [];
  if (exclude.length > 0) scopes.push({ base: "", rules: ignore().add([...exclude]) });
  walk(root, "", scopes, extensions, files);
  return files;
}

function walk(
  root: string,
  relative: string,
  inherited: IgnoreScope[],
  extensions: ReadonlySet<string>,
  files: string[],
): void {
  const folder = relative === "" ? root : join(root, relative);
  const entries = readdirSync(folder, { withFileTypes: true });
  let scopes = inherited;
  if (entries.some((entry) => entry.name === ".gitignore" && entry.isFile())) {
    const rules = ignore().add(readFileSync(join(folder, ".gitignore"), "utf8"));
    scopes = [...inherited, { base: relative === "" ? "" : `${relative}/`, rules }];
  }
  for (const entry of entries) {
    const path = relative === "" ? entry.name : `${relative}/${entry.name}`;
    if (entry.isDirectory()) {
      if (ALWAYS_SKIPPED.has(entry.name) || isIgnored(scopes, `${path}/`)) continue;
      walk(root, path, scopes, extensions, files);
    } else if (entry.isFile()) {
      const dot = entry.name.lastIndexOf(".");
      if (dot < 0 || !extensions.has(entry.name.slice(dot))) continue;
      if (!isIgnored(scopes, path)) files.push(path);
    }
  }
}

function isIgnored(scopes: readonly IgnoreScope[], path: string): boolean {
  for (const scope of scopes) {
    if (path.startsWith(scope.base) && scope.rules.ignores(path.slice(scope.base.length))) return true;
  }
  return false;
}
