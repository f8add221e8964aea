import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";

// The real command, as a user runs it: the committed bin shim in front of the build.
const bin = fileURLToPath(new URL("../bin/switchboard.js", import.meta.url));
const run = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: "utf8" });

describe("the switchboard command", () => {
  test("--help lists the commands and exits 0", () => {
    const result = run("--help");
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("eval");
    expect(result.stdout).toContain("demo");
  });

  test("eval --help documents the output and exit codes", () => {
    const result = run("eval", "--help");
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("--explain");
    expect(result.stdout).toContain("Exit codes");
  });

  test("a missing required option is a usage error: exit 2 with a message", () => {
    const result = run("eval", "--flags", "x.yaml");
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("--contexts");
  });

  test("an unknown command exits 2", () => {
    expect(run("frobnicate").status).toBe(2);
  });

  test("demo evaluates the examples and explains each answer", () => {
    const result = run("demo");
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('rule "me"');
    expect(result.stdout).toContain("kill switch");
  });
});
