import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { api, type ServeProcess, startServe } from "./serve-process.js";

// What `npm publish` would ship, installed the way a user installs it: each package packed with `npm pack`, the
// tarballs installed into a scratch app outside the repository (third-party dependencies from the registry, through
// npm's cache when it has them), then used from there. A file the tarball lacks, a dependency the manifest forgets or
// a sibling named by a version npm cannot resolve fails here, not on a user's machine.

const root = join(import.meta.dirname, "../..");
const PACKAGES = ["core", "stats", "sdk", "events", "proxy", "sqlcheck", "server", "cli"] as const;
type PackageDir = (typeof PACKAGES)[number];

interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  license?: string;
  engines?: { node?: string };
  main?: string;
  types?: string;
  bin?: Record<string, string>;
  exports?: Record<string, string | { types: string; default: string }>;
  files?: string[];
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

const manifestOf = (dir: PackageDir): Manifest =>
  JSON.parse(readFileSync(join(root, "packages", dir, "package.json"), "utf8")) as Manifest;
const rootManifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as Manifest;

/** What each package ships besides `dist/`, `README.md` and `package.json`. */
const EXTRA_FOLDERS: Readonly<Record<PackageDir, readonly string[]>> = {
  core: ["schema"],
  stats: [],
  sdk: [],
  events: ["proto"],
  proxy: [],
  sqlcheck: [],
  server: ["migrations"],
  cli: ["bin", "examples"],
};

/** npm's environment for a child npm: without the `npm_*` variables of an `npm test` that runs this file. */
function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name)));
}

let work: string;
let app: string;
const packed = new Map<PackageDir, { filename: string; files: string[] }>();
let installOutput = "";
let server: ServeProcess | undefined;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "switchboard-packed-"));
  const tarballs = join(work, "tarballs");
  app = join(work, "app");
  mkdirSync(tarballs);
  mkdirSync(app);
  for (const dir of PACKAGES) {
    // `--ignore-scripts`: the build is the repository's (`npm test` builds first); packing must not start another.
    const json = execFileSync("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", tarballs], {
      cwd: join(root, "packages", dir),
      env: cleanEnv(),
      encoding: "utf8",
    });
    const [result] = JSON.parse(json) as [{ filename: string; files: { path: string }[] }];
    packed.set(dir, { filename: join(tarballs, result.filename), files: result.files.map((file) => file.path) });
  }
  const dependencies = Object.fromEntries(
    PACKAGES.map((dir) => [manifestOf(dir).name, `file:${packed.get(dir)?.filename}`]),
  );
  writeFileSync(
    join(app, "package.json"),
    JSON.stringify({ name: "scratch-app", private: true, type: "module", dependencies }),
  );
  const install = spawnSync("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel", "warn"], {
    cwd: app,
    env: cleanEnv(),
    encoding: "utf8",
  });
  installOutput = `${install.stdout}${install.stderr}`;
  if (install.status !== 0) throw new Error(`npm install of the tarballs failed:\n${installOutput}`);
}, 300_000);

afterAll(async () => {
  server?.child.kill("SIGKILL");
  await server?.exited;
  if (work !== undefined) rmSync(work, { recursive: true, force: true });
});

/** Runs an ES module in the scratch app and returns what it printed as JSON. */
function runInApp(name: string, source: string): unknown {
  writeFileSync(join(app, name), source);
  const output = execFileSync(process.execPath, [name], { cwd: app, encoding: "utf8", env: cleanEnv() });
  return JSON.parse(output);
}

describe("the manifests", () => {
  test.each(PACKAGES)("@switchboard/%s is publishable: licence, Node version, built entry points", (dir) => {
    const manifest = manifestOf(dir);
    expect(manifest.private).toBeUndefined();
    expect(manifest.name).toBe(`@switchboard/${dir}`);
    expect(manifest.license).toBe(rootManifest.license);
    expect(manifest.engines?.node).toBe(rootManifest.engines?.node);
    const entry = manifest.exports?.["."];
    expect(typeof entry === "object" && manifest.main === entry.default && manifest.types === entry.types).toBe(true);
  });

  test.each(PACKAGES)("@switchboard/%s names its siblings by their exact published version", (dir) => {
    const versions = Object.fromEntries(
      PACKAGES.map((sibling) => [manifestOf(sibling).name, manifestOf(sibling).version]),
    );
    const siblings = Object.entries(manifestOf(dir).dependencies ?? {}).filter(([name]) =>
      name.startsWith("@switchboard/"),
    );
    for (const [name, range] of siblings) expect(`${name}@${range}`).toBe(`${name}@${versions[name]}`);
  });

  test.each(PACKAGES)("every package the built @switchboard/%s imports is one of its dependencies", (dir) => {
    const manifest = manifestOf(dir);
    const declared = new Set([
      ...Object.keys(manifest.dependencies ?? {}),
      ...Object.keys(manifest.peerDependencies ?? {}),
    ]);
    const imported = new Set<string>();
    const dist = join(root, "packages", dir, "dist");
    for (const file of readdirSync(dist, { recursive: true, encoding: "utf8" })) {
      if (!/\.(js|d\.ts)$/.test(file)) continue;
      // TypeScript's own scanner: static imports, re-exports, `import()` and `import("x").T` in declarations.
      const { importedFiles } = ts.preProcessFile(readFileSync(join(dist, file), "utf8"), true, true);
      for (const { fileName: spec } of importedFiles) {
        if (spec.startsWith(".") || spec.startsWith("node:")) continue;
        imported.add(spec.startsWith("@") ? spec.split("/").slice(0, 2).join("/") : (spec.split("/")[0] ?? spec));
      }
    }
    expect([...imported].filter((name) => !declared.has(name))).toEqual([]);
  });
});

describe("the tarballs", () => {
  test.each(PACKAGES)("@switchboard/%s ships its built files, README and manifest, no sources or tests", (dir) => {
    const files = packed.get(dir)?.files ?? [];
    const allowed = ["dist", ...EXTRA_FOLDERS[dir]];
    expect(files).toContain("README.md");
    expect(files).toContain("package.json");
    expect(
      files.filter(
        (file) => file !== "README.md" && file !== "package.json" && !allowed.includes(file.split("/")[0] ?? ""),
      ),
    ).toEqual([]);
    expect(files.filter((file) => /\.test\.|\/testing\/|\.tsbuildinfo$/.test(file))).toEqual([]);
    const manifest = manifestOf(dir);
    const targets = [
      ...Object.values(manifest.exports ?? {}).flatMap((entry) =>
        typeof entry === "string" ? [entry] : [entry.types, entry.default],
      ),
      ...Object.values(manifest.bin ?? {}),
    ].map((target) => target.replace(/^\.\//, ""));
    expect(targets.filter((target) => !files.includes(target))).toEqual([]);
  });

  test("install in an app outside the repository, with no engine, peer or resolution warning", () => {
    expect(relative(root, app).startsWith("..")).toBe(true);
    expect(installOutput).not.toMatch(/EBADENGINE|ERESOLVE|E404|peer dep/i);
  });
});

describe("a scratch app using the installed packages", () => {
  test("imports @switchboard/core and @switchboard/sdk from its own node_modules and evaluates a local payload", () => {
    const result = runInApp(
      "evaluate.mjs",
      `
import { compileFlagSet, validateFlagSet } from "@switchboard/core";
import { createClient } from "@switchboard/sdk";
import { runWithContext } from "@switchboard/sdk/node";

const checked = validateFlagSet({
  version: 1,
  environments: ["production"],
  flags: {
    "new-checkout": {
      type: "boolean",
      defaultVariation: "off",
      environments: { production: { rules: [{ id: "japan", kind: "force", condition: { country: "jp" }, serve: "on" }] } },
    },
  },
});
if (!checked.ok) throw new Error(JSON.stringify(checked.problems));
const flags = createClient({ bootstrap: compileFlagSet(checked.value, "production") });
console.log(JSON.stringify({
  resolved: [import.meta.resolve("@switchboard/core"), import.meta.resolve("@switchboard/sdk")],
  source: flags.source,
  jp: flags.isOn("new-checkout", { id: "u-1", country: "jp" }),
  fr: flags.isOn("new-checkout", { id: "u-2", country: "fr" }),
  reason: flags.variation("new-checkout", { id: "u-1", country: "jp" }).reason,
  node: typeof runWithContext,
}));
flags.close();
`,
    ) as { resolved: string[]; source: string; jp: boolean; fr: boolean; reason: string; node: string };
    const inApp = new URL(`file://${app}/node_modules/`).href;
    expect(result.resolved.every((url) => url.startsWith(inApp))).toBe(true);
    expect(result).toMatchObject({
      source: "bootstrap",
      jp: true,
      fr: false,
      reason: "TARGETING_MATCH",
      node: "function",
    });
  });

  test("runs the installed `switchboard` command: --help, and the demo on its bundled examples", () => {
    const bin = join(app, "node_modules/.bin/switchboard");
    const help = execFileSync(bin, ["--help"], { cwd: app, encoding: "utf8", env: cleanEnv() });
    expect(help).toMatch(/Usage: switchboard/);
    for (const command of ["serve", "eval", "traffic", "proxy"]) expect(help).toContain(command);
    const demo = spawnSync(bin, ["demo"], { cwd: app, encoding: "utf8", env: cleanEnv() });
    expect(demo.status, demo.stderr).toBe(0);
    expect(demo.stdout).toContain("new-checkout");
  });

  test("serves flags with the installed `switchboard serve` that the installed SDK then reads", async () => {
    server = await startServe({
      dataDir: join(work, "data"),
      bin: join(app, "node_modules/@switchboard/cli/bin/switchboard.js"),
    });
    const admin = server.adminToken ?? "";
    const key = await api(server.url, admin, "POST", "/api/v1/tokens", {
      kind: "server-sdk",
      name: "packed",
      environment: "production",
    });
    expect(key.status).toBe(201);
    const created = await api(server.url, admin, "POST", "/api/v1/flags", {
      key: "packed-flag",
      type: "boolean",
      defaultVariation: "off",
      environments: { production: { enabled: true, rules: [{ id: "all", kind: "force", serve: "on" }] } },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const result = runInApp(
      "from-server.mjs",
      `
import { createClient } from "@switchboard/sdk/node";
const flags = createClient({ url: ${JSON.stringify(server.url)}, sdkKey: ${JSON.stringify(key.body.secret)}, updates: "none" });
const state = await flags.ready({ timeoutMs: 10_000 });
console.log(JSON.stringify({ ...state, on: flags.isOn("packed-flag", { id: "u-1" }) }));
flags.close();
`,
    );
    expect(result).toEqual({ source: "server", timedOut: false, on: true });
    // The dashboard is built only in a clone: the page says so instead of sending people to a build they cannot run.
    const page = await fetch(`${server.url}/`, { headers: { accept: "text/html" } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("The npm packages do not include the dashboard yet.");
  }, 180_000);
});
