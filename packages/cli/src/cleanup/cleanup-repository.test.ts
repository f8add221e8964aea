import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { defaultScanConfig } from "../scan/scan-config.js";
import { scanRepository } from "../scan/scan-repository.js";
import { cleanupRepository, writeCleanup } from "./cleanup-repository.js";

const FIXTURE = fileURLToPath(new URL("../../fixtures/cleanup-app", import.meta.url));
const REPO_ROOT = fileURLToPath(new URL("../../../..", import.meta.url));
const TSC = join(REPO_ROOT, "node_modules/typescript/bin/tsc");
const TSX = join(REPO_ROOT, "node_modules/tsx/dist/loader.mjs");
const work = mkdtempSync(join(tmpdir(), "switchboard-cleanup-"));
const app = join(work, "cleanup-app");

afterAll(() => rmSync(work, { recursive: true, force: true }));

function typeCheck(dir: string): void {
  execFileSync(process.execPath, [TSC, "-p", join(dir, "tsconfig.json")], { encoding: "utf8" });
}

function runTests(dir: string): string {
  const args = ["--import", `file://${TSX}`, "--test", join(dir, "src/checkout.test.ts")];
  return execFileSync(process.execPath, args, { encoding: "utf8", cwd: dir });
}

describe("cleanup of the fixture app", () => {
  it("rewrites every shape as if new-checkout were always on; the app still type-checks and its tests pass", () => {
    cpSync(FIXTURE, app, { recursive: true });
    // The copy finds Node's types in this repository, as the fixture in place does.
    const tsconfig = join(app, "tsconfig.json");
    writeFileSync(
      tsconfig,
      readFileSync(tsconfig, "utf8").replace("../../../../node_modules", join(REPO_ROOT, "node_modules")),
    );
    typeCheck(app);
    expect(runTests(app)).toContain("# pass 1");

    const result = cleanupRepository({ root: app, config: defaultScanConfig(), flag: "new-checkout", value: true });
    expect(result.left).toEqual([]);
    expect(result.files.map((f) => f.file)).toEqual(["src/checkout.ts"]);
    const [checkout] = result.files;
    expect(checkout?.patch).toContain("--- a/src/checkout.ts");
    expect(checkout?.patch).toContain('-  if (flags.isOn("new-checkout")) {');
    writeCleanup(app, result);

    // Type-checked with noUnusedLocals: every variable, helper and import the flag kept alive is gone.
    typeCheck(app);
    expect(runTests(app)).toContain("# pass 1");
    const after = readFileSync(join(app, "src/checkout.ts"), "utf8");
    expect(after).not.toMatch(/flags\.|NEW_CHECKOUT|renderOld|legacyTotal|import /);
    // Formatting kept: untouched lines and comments are byte for byte the same.
    expect(after).toContain(
      "// Shape: negation with || inside an if.\nexport function layout(user: User): string {\n  if (user.beta) {",
    );
    // Only the key's constant remains, for a person to delete with the flag.
    const left = scanRepository({ root: app, config: defaultScanConfig(), knownKeys: ["new-checkout"] }).references;
    expect(left.map((r) => `${r.file}:${r.line} ${r.kind}`)).toEqual(["src/flag-keys.ts:1 constant"]);
  });
});
