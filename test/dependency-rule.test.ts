import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import ts from "typescript";
import { describe, expect, test } from "vitest";

// The direction of dependencies (docs/ARCHITECTURE.md): core ← sdk/events/proxy ← server ← cli; stats apart, used by
// the server's experiment results; core and stats stay pure.
const allowed: Record<string, readonly string[]> = {
  core: [],
  stats: [],
  sdk: ["core"],
  events: ["core"],
  proxy: ["core"],
  server: ["core", "events", "proxy", "stats", "sqlcheck"],
  dashboard: ["core"],
  sqlcheck: [],
  cli: ["core", "sdk", "proxy", "server", "sqlcheck"],
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

// The server's folders, bottom to top (docs/ARCHITECTURE.md §9): a folder imports only folders on its own row or
// below, and only through their index.ts face. The control plane's features meet each other through their faces too.
const serverLayers: readonly (readonly string[])[] = [
  ["kernel"],
  ["store"],
  ["auth"],
  ["control-plane"],
  ["config", "events", "traffic", "sdk-serving"],
  ["http"],
  ["compose-features.ts"],
  ["start-server.ts"],
];

const serverSrc = join(packagesDir, "server", "src");

/** The folder a server file belongs to, or the root file's own name. */
function serverFolderOf(file: string): string {
  return relative(serverSrc, file).split("/")[0] ?? "";
}

/** The module whose face an import must go through: a top-level folder, or a feature inside the control plane. */
function serverModuleOf(file: string): string {
  const parts = relative(serverSrc, file).split("/");
  return parts[0] === "control-plane" && parts.length > 2 ? `control-plane/${parts[1]}` : (parts[0] ?? "");
}

function layerOf(folder: string): number {
  return serverLayers.findIndex((row) => row.includes(folder));
}

// Test fixtures (testing/ folders, the robustness suite) and the package entry (which picks what the package
// exports) may reach anywhere; production code may not.
function isServerProductionFile(file: string): boolean {
  const path = relative(serverSrc, file);
  return !path.includes("/testing/") && !path.startsWith("robustness/") && path !== "index.ts";
}

interface ServerImport {
  from: string;
  to: string;
}

function serverImports(): ServerImport[] {
  return sourceFiles(serverSrc)
    .filter(isServerProductionFile)
    .flatMap((from) =>
      importsOf(from)
        .filter((spec) => spec.startsWith("."))
        .map((spec) => ({ from, to: resolve(dirname(from), spec).replace(/\.js$/, ".ts") })),
    );
}

describe("server folder rule", () => {
  test("every server folder is in the folder table", () => {
    const folders = readdirSync(serverSrc, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && entry.name !== "robustness")
      .map((entry) => entry.name);
    expect(folders.filter((folder) => layerOf(folder) < 0)).toEqual([]);
  });

  test("no server folder imports a folder above it", () => {
    const offending = serverImports()
      .filter(({ from, to }) => layerOf(serverFolderOf(to)) > layerOf(serverFolderOf(from)))
      .map(({ from, to }) => `${relative(root, from)} imports ${relative(serverSrc, to)}`);
    expect(offending).toEqual([]);
  });

  test("imports between server modules go through the module's index.ts face", () => {
    const offending = serverImports()
      .filter(({ from, to }) => {
        const target = serverModuleOf(to);
        const own = serverModuleOf(from);
        if (target === own || target === relative(serverSrc, to)) return false;
        // A control-plane feature may use its parent's plumbing (service deps, the route table).
        if (own.startsWith("control-plane/") && target === "control-plane") return false;
        const face = join(
          serverSrc,
          target.startsWith("control-plane/") || own.startsWith("control-plane/") ? target : serverFolderOf(to),
          "index.ts",
        );
        return to !== face && to !== join(serverSrc, serverFolderOf(to), "index.ts");
      })
      .map(({ from, to }) => `${relative(root, from)} imports ${relative(serverSrc, to)}`);
    expect(offending).toEqual([]);
  });

  // The composition root (compose-features.ts, start-server.ts) builds every service once; the HTTP app only mounts
  // what it is handed, so a second instance of a service cannot appear behind the routes.
  test("the HTTP app constructs no service, reader or traffic control", () => {
    const constructors =
      /\b(create\w*Services?|createTrafficControl|createQueryService)\b|\bnew \w+(Reader|Service)\b/g;
    const offending = sourceFiles(join(serverSrc, "http"))
      .filter(isServerProductionFile)
      .flatMap((file) =>
        [...readFileSync(file, "utf8").matchAll(constructors)].map((m) => `${relative(root, file)}: ${m[0]}`),
      );
    expect(offending).toEqual([]);
  });

  test("server folders form no cycle", () => {
    const edges = new Map<string, Set<string>>();
    for (const { from, to } of serverImports()) {
      const [a, b] = [serverFolderOf(from), serverFolderOf(to)];
      if (a !== b) edges.set(a, (edges.get(a) ?? new Set()).add(b));
    }
    const cycles = [...edges].flatMap(([a, targets]) =>
      [...targets].filter((b) => edges.get(b)?.has(a) && a < b).map((b) => `${a} <-> ${b}`),
    );
    expect(cycles).toEqual([]);
  });
});

/** The control-plane feature a server file belongs to (`flags`, `activations`…), or undefined outside of one. */
function featureOf(file: string): string | undefined {
  const parts = relative(serverSrc, file).split("/");
  return parts[0] === "control-plane" && parts.length > 2 ? parts[1] : undefined;
}

/** One cycle through `edges`, as `a -> b -> a`, or undefined when the graph has none. */
function findCycle(edges: ReadonlyMap<string, ReadonlySet<string>>): string | undefined {
  const done = new Set<string>();
  const path: string[] = [];
  const visit = (node: string): string | undefined => {
    const start = path.indexOf(node);
    if (start >= 0) return [...path.slice(start), node].join(" -> ");
    if (done.has(node)) return undefined;
    path.push(node);
    for (const next of edges.get(node) ?? []) {
      const cycle = visit(next);
      if (cycle !== undefined) return cycle;
    }
    path.pop();
    done.add(node);
    return undefined;
  };
  for (const node of edges.keys()) {
    const cycle = visit(node);
    if (cycle !== undefined) return cycle;
  }
  return undefined;
}

describe("control-plane feature rule", () => {
  // Features may build on each other (activations on flags), but never in a circle: a schema two features share
  // belongs in the kernel, so each feature can be read, tested and moved with what it imports.
  test("control-plane features form no cycle, however long", () => {
    const edges = new Map<string, Set<string>>();
    for (const { from, to } of serverImports()) {
      const [a, b] = [featureOf(from), featureOf(to)];
      if (a !== undefined && b !== undefined && a !== b) edges.set(a, (edges.get(a) ?? new Set()).add(b));
    }
    expect(findCycle(edges)).toBeUndefined();
  });

  test("the cycle check finds a cycle of three", () => {
    const edges = new Map([
      ["a", new Set(["b"])],
      ["b", new Set(["c"])],
      ["c", new Set(["a"])],
    ]);
    expect(findCycle(edges)).toBe("a -> b -> c -> a");
  });
});
