import { execFileSync, spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, test } from "vitest";

// Checks of the repository itself: what a clone installs and what git picks up after a run.
const root = join(import.meta.dirname, "..");

describe("files a run leaves behind", () => {
  test.each([
    ".switchboard-sdk-cache.json",
    "packages/sdk/.switchboard-sdk-cache.json",
    ".switchboard-sdk-cache.json.0b9c2f7e-1d4a-4c55-9a51-2f8e0f1c3b6d.tmp",
    ".switchboard/config/pglite",
  ])("git ignores %s", (path) => {
    // `--no-index`: the answer depends on .gitignore alone, not on whether such a file was ever committed.
    const result = spawnSync("git", ["check-ignore", "--no-index", "--quiet", path], { cwd: root });
    expect(result.status, `${path} is not ignored by .gitignore`).toBe(0);
  });

  test("git still sees the sources next to them", () => {
    const result = spawnSync("git", ["check-ignore", "--no-index", "--quiet", "packages/sdk/src/index.ts"], {
      cwd: root,
    });
    expect(result.status).toBe(1);
  });
});

describe("the installed dependency tree", () => {
  // `npm ci` warns about every peer range the tree breaks (ERESOLVE); `npm ls --all` fails on the same problems
  // (`invalid`, `missing`), without installing anything.
  test("every dependency and peer range is satisfied (npm ls --all exits 0)", () => {
    const result = spawnSync("npm", ["ls", "--all", "--parseable"], { cwd: root, encoding: "utf8" });
    const problems = `${result.stderr}`
      .split("\n")
      .filter((line) => /invalid|missing|ERESOLVE|extraneous/i.test(line))
      .slice(0, 10);
    expect(problems).toEqual([]);
    expect(result.status).toBe(0);
  }, 60_000);

  test("every dependency's install script has been reviewed (npm prints no allowScripts warning)", () => {
    const output = execFileSync("npm", ["install-scripts", "ls"], { cwd: root, encoding: "utf8" });
    expect(output.trim()).toBe("No packages with unreviewed install scripts.");
  }, 60_000);
});
