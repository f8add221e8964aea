import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import ts from "typescript";
import { describe, expect, test } from "vitest";

// The direction of dependencies (docs/ARCHITECTURE.md): core ← sdk/events ← server ← cli, stats apart; core and
// stats stay pure.
const allowed: Record<string, readonly string[]> = {
  core: [],
  stats: [],
  sdk: ["core"],
  events: ["core"],
  server: ["core", "events"],
  dashboard: ["core"],
  cli: ["core", "sdk", "server"],
};

const root = join(import.meta.dirname, "..");
const packagesDir = join(root, "packages");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

// The compiler's own scanner, so that code shown inside strings (an SDK snippet on a page) is not an import.
function importsOf(file: string): string[] {
  return ts.preProcessFile(readFileSync(file, "utf8"), true, true).importedFiles.map((imported) => imported.fileName);
}

const packages = readdirSync(packagesDir).filter((name) => name in allowed);

describe("package dependency rule", () => {
  test.each(packages)("%s imports only the packages it may depend on", (pkg) => {
    const offending = sourceFiles(join(packagesDir, pkg, "src")).flatMap((file) =>
      importsOf(file)
        .filter((spec) => spec.startsWith("@switchboard/"))
        .filter((spec) => !allowed[pkg]?.includes(spec.slice("@switchboard/".length).split("/")[0] ?? ""))
        .map((spec) => `${relative(root, file)} imports ${spec}`),
    );
    expect(offending).toEqual([]);
  });

  test.each(["core", "stats"])("%s does no I/O: no Node built-ins, no process, no Buffer", (pkg) => {
    const offending = sourceFiles(join(packagesDir, pkg, "src")).flatMap((file) => {
      const text = readFileSync(file, "utf8");
      const nodeImports = importsOf(file).filter(
        (spec) => spec.startsWith("node:") || /^(fs|path|os|http|crypto)$/.test(spec),
      );
      const globals = [...text.matchAll(/\b(process\.|Buffer\.|require\()/g)].map((m) => m[1]);
      return [...nodeImports, ...globals].map((what) => `${relative(root, file)}: ${what}`);
    });
    expect(offending).toEqual([]);
  });

  test("every package's declared dependencies follow the same rule", () => {
    const offending = packages.flatMap((pkg) => {
      const manifest = JSON.parse(readFileSync(join(packagesDir, pkg, "package.json"), "utf8")) as {
        dependencies?: Record<string, string>;
      };
      return Object.keys(manifest.dependencies ?? {})
        .filter((dep) => dep.startsWith("@switchboard/"))
        .filter((dep) => !allowed[pkg]?.includes(dep.slice("@switchboard/".length)))
        .map((dep) => `${pkg} depends on ${dep}`);
    });
    expect(offending).toEqual([]);
  });
});
