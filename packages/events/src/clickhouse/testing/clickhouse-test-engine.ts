import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

/** The test-only engine folder: chDB (ClickHouse 26.x in-process) behind a loopback ClickHouse HTTP interface. */
export const ENGINE_DIR = fileURLToPath(new URL("../../../../../test/clickhouse-engine/", import.meta.url));

/** The command that installs the engine (about 550 MB, kept out of the product's dependencies). */
export const ENGINE_INSTALL_COMMAND = "npm install --prefix test/clickhouse-engine --no-save";

/** A running test engine: the HTTP URL `@clickhouse/client` connects to, exactly as it would to `clickhouse-server`. */
export interface ClickHouseTestEngine {
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts the test engine in a child process (chDB allows one data directory per process, and a crash of the engine
 * must not take the test runner with it); `path` keeps its data in that folder (a benchmark's cached dataset), a fresh
 * temporary folder otherwise. Fails, never skips, when the engine folder is not installed, naming the
 * command that installs it.
 */
export async function startClickHouseTestEngine(
  options: { path?: string; engineDir?: string } = {},
): Promise<ClickHouseTestEngine> {
  const engineDir = options.engineDir ?? ENGINE_DIR;
  if (!existsSync(`${engineDir}node_modules/chdb/package.json`)) {
    throw new Error(
      `The ClickHouse test engine is not installed. Run \`${ENGINE_INSTALL_COMMAND}\` in the repository root (\`.ci/run\` does).`,
    );
  }
  const args = options.path === undefined ? [] : ["--path", options.path];
  const child = spawn(process.execPath, [`${engineDir}server.mjs`, ...args], { stdio: ["pipe", "pipe", "inherit"] });
  const port = await new Promise<number>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout as NonNullable<ChildProcess["stdout"]> });
    lines.once("line", (line) => resolve(Number((JSON.parse(line) as { port: number }).port)));
    child.once("exit", (code) => reject(new Error(`The ClickHouse test engine exited with ${code} before listening`)));
    child.once("error", reject);
  });
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
