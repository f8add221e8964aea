import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type ServeProcess, startServe } from "./serve-process.js";

const bin = fileURLToPath(new URL("../../packages/cli/bin/switchboard.js", import.meta.url));
const dataDir = mkdtempSync(join(tmpdir(), "switchboard-startup-"));
let first: ServeProcess;

beforeAll(async () => {
  first = await startServe({ dataDir, startTimeoutMs: 200_000 });
}, 240_000);
afterAll(() => {
  first?.child.kill("SIGKILL");
});

/** Runs `switchboard serve` to its end; a server that fails to start must end by itself. */
function serve(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, "serve", "--host", "127.0.0.1", ...args], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`serve ${args.join(" ")} did not exit:\n${stdout}${stderr}`));
    }, 180_000);
    child.once("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

function expectOneLineWithoutStack(stderr: string): void {
  expect(stderr.trimEnd().split("\n")).toHaveLength(1);
  expect(stderr).not.toMatch(/^\s+at /m);
  expect(stderr).not.toMatch(/unexpected error|PGlite is closed|IO Error/);
}

describe("switchboard serve when it cannot start", () => {
  test("a port in use: one line naming the port and --port, exit code 1", async () => {
    const port = new URL(first.url).port;
    const other = mkdtempSync(join(tmpdir(), "switchboard-startup-other-"));
    const { code, stdout, stderr } = await serve(["--port", port, "--data", other]);
    expect(code).toBe(1);
    expectOneLineWithoutStack(stderr);
    expect(stderr).toMatch(new RegExp(`^error: port ${port} is already in use .*--port <port>`));
    expect(stdout).not.toMatch(/running at/);
  }, 240_000);

  test("a data folder held by another server: one line naming that server's PID and --data, exit code 1", async () => {
    const { code, stderr } = await serve(["--port", "0", "--data", dataDir]);
    expect(code).toBe(1);
    expectOneLineWithoutStack(stderr);
    expect(stderr).toContain(`error: another server uses this data folder: PID ${first.child.pid} holds ${dataDir}`);
    expect(stderr).toContain("--data <dir>");
  }, 240_000);

  test("the first server is unharmed by both attempts", async () => {
    expect((await fetch(`${first.url}/readyz`)).status).toBe(200);
  });
});
