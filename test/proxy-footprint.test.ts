import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import ts from "typescript";
import { describe, expect, test } from "vitest";

// `switchboard proxy` runs on edge hosts: it must not install or load the server's stores (docs/ARCHITECTURE.md).
const root = join(import.meta.dirname, "..");
const storeModules = /^(@electric-sql\/pglite|@duckdb\/|pg$|pg\/|@switchboard\/server)/;

/**
 * Static imports and re-exports that survive compilation: a dynamic `import()` loads nothing until its command runs,
 * and a type-only import is erased.
 */
function staticImportsOf(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest);
  return source.statements.flatMap((statement) =>
    ((ts.isImportDeclaration(statement) && statement.importClause?.isTypeOnly !== true) ||
      (ts.isExportDeclaration(statement) && !statement.isTypeOnly)) &&
    statement.moduleSpecifier !== undefined &&
    ts.isStringLiteral(statement.moduleSpecifier)
      ? [statement.moduleSpecifier.text]
      : [],
  );
}

/** The packages outside the repository that loading `entry` loads, following our packages through their sources. */
function externalModulesLoadedBy(entry: string): Set<string> {
  const seen = new Set<string>();
  const external = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const spec of staticImportsOf(file)) {
      if (spec.startsWith(".")) visit(resolve(dirname(file), spec.replace(/\.js$/, ".ts")));
      else if (spec.startsWith("@switchboard/")) {
        external.add(spec);
        visit(join(root, "packages", spec.slice("@switchboard/".length), "src", "index.ts"));
      } else if (!spec.startsWith("node:")) external.add(spec);
    }
  };
  visit(entry);
  return external;
}

describe("the proxy's footprint", () => {
  test("@switchboard/proxy declares no store and no server among its dependencies", () => {
    const manifest = JSON.parse(readFileSync(join(root, "packages/proxy/package.json"), "utf8")) as {
      dependencies?: Record<string, string>;
    };
    expect(Object.keys(manifest.dependencies ?? {}).filter((dep) => storeModules.test(dep))).toEqual([]);
  });

  test.each([
    ["the proxy package", "packages/proxy/src/index.ts", "undici"],
    ["the switchboard command, which registers `proxy`", "packages/cli/src/main.ts", "@switchboard/proxy"],
  ])("%s loads neither PGlite, DuckDB, pg nor the server", (_name, entry, expected) => {
    const loaded = [...externalModulesLoadedBy(join(root, entry))];
    expect(loaded).toContain(expected);
    expect(loaded.filter((spec) => storeModules.test(spec))).toEqual([]);
  });

  // The built command, as an edge host runs it: every module Node resolves is recorded by a loader hook.
  const cliBuild = join(root, "packages/cli/dist/run-cli.js");
  test.runIf(existsSync(cliBuild))("the built `switchboard` command resolves no module of the stores", () => {
    const dir = mkdtempSync(join(tmpdir(), "proxy-footprint-"));
    try {
      const log = join(dir, "resolved.txt");
      const hooks = `import { appendFileSync } from "node:fs";
        export async function resolve(specifier, context, next) {
          const resolved = await next(specifier, context);
          appendFileSync(${JSON.stringify(log)}, resolved.url + "\\n");
          return resolved;
        }`;
      const script = `import { register } from "node:module";
        register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(hooks)}`)});
        const { createProgram } = await import(${JSON.stringify(pathToFileURL(cliBuild).href)});
        if (!createProgram().commands.some((command) => command.name() === "proxy")) process.exit(3);`;
      execFileSync(process.execPath, ["--input-type=module", "--eval", script], { stdio: "pipe" });
      const resolved = readFileSync(log, "utf8").split("\n");
      expect(resolved.some((url) => url.includes("/packages/proxy/dist/"))).toBe(true);
      expect(
        resolved.filter((url) => /@electric-sql\/pglite|@duckdb|\/node_modules\/pg\/|\/packages\/server\//.test(url)),
      ).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
