import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { type RunnableBlock, runnableBlocks, unmarkedShellBlocks } from "./runnable-blocks.js";

/**
 * Runs the commands of README.md and then of docs/*.md (alphabetically) that are marked runnable
 * (`runnable-blocks.ts` describes the marker), in order, as a reader pastes them into a shell: against a real server
 * started by the README's own `npm start` blocks, in a scratch folder whose entries link to this checkout (so the
 * data folder `./.switchboard` and any file a command writes land in the scratch folder, never in the checkout).
 *
 * Visible rules, where the test must differ from a reader's machine:
 * - ports: every `4242` in a block (and in its expected output) becomes a free port, which every block also gets
 *   as SWITCHBOARD_PORT (so `npm start` listens there); every `8080` becomes another free port;
 * - a shell: each block runs in `bash` with `set -euo pipefail` (so any failing command fails the block), and the
 *   variables a block sets are carried to the next one, as one terminal would;
 * - a fresh environment: SWITCHBOARD_* and npm_* variables of the test run are removed.
 */
const root = fileURLToPath(new URL("../../", import.meta.url));
const documents = [
  "README.md",
  ...readdirSync(join(root, "docs"))
    .filter((name) => name.endsWith(".md"))
    .sort()
    .map((name) => `docs/${name}`),
];
const blocksOf = (file: string) => runnableBlocks(file, readFileSync(join(root, file), "utf8"));
/** What a block may do that the test must not: install, run the test suite (recursion) or the benchmarks. */
const NOT_RUN_HERE = /\bnpm (ci|test|install|run (test|bench))\b/;

const scratch = mkdtempSync(join(tmpdir(), "sb-readme-"));
const stateFile = join(mkdtempSync(join(tmpdir(), "sb-readme-state-")), "exports.sh");
for (const entry of readdirSync(root)) {
  if (entry !== ".git" && entry !== ".switchboard") symlinkSync(join(root, entry), join(scratch, entry));
}

let ports: { server: number; proxy: number } | undefined;
let server: Running | undefined;
let backgrounds: Running[] = [];

afterAll(async () => {
  await Promise.all([...backgrounds, ...(server ? [server] : [])].map(stop));
  rmSync(scratch, { recursive: true, force: true });
});

describe("the runnable command blocks of README.md and docs/*.md", () => {
  it("are marked as the test expects: the README's server steps, no recursion, curl fails on error answers", () => {
    const readme = blocksOf("README.md");
    expect(readme.length).toBeGreaterThanOrEqual(12);
    // The README's order is the point: a plain `npm start` first (it generates a token), then one with a token.
    const servers = readme.filter((block) => block.mode === "server").map((block) => block.script.trim());
    expect(servers).toEqual(["npm start", "SWITCHBOARD_ADMIN_TOKEN=sb_admin_change-me-please-0123456789 npm start"]);
    for (const block of documents.flatMap(blocksOf)) {
      const where = `${block.file}:${block.line}`;
      expect(block.script, `${where} would install, or run the tests or the benchmarks`).not.toMatch(NOT_RUN_HERE);
      for (const line of block.script.split("\n").filter((text) => /^\s*(\S+=\S+\s+)*curl\s/.test(text))) {
        expect(line, `${where}: curl without -f prints an error answer and exits 0`).toMatch(/\s(-[a-zA-Z]*f|--fail)/);
      }
    }
    // Every other shell block must have a reason not to run here, so "runs as pasted" covers all the rest.
    for (const file of documents) {
      for (const block of unmarkedShellBlocks(file, readFileSync(join(root, file), "utf8"))) {
        expect(block.script, `${file}:${block.line} is a shell block not marked runnable`).toMatch(NOT_RUN_HERE);
      }
    }
  });

  for (const file of documents) {
    const blocks = blocksOf(file);
    if (blocks.length === 0) continue;
    it(`${file}: every runnable block runs as pasted`, { timeout: 900_000 }, async () => {
      ports ??= { server: await freePort(), proxy: await freePort() };
      const timings: string[] = [];
      try {
        for (const block of blocks) {
          const started = Date.now();
          await runBlock(block, ports);
          timings.push(`${block.line}${block.mode === "run" ? "" : ` ${block.mode}`} ${Date.now() - started} ms`);
        }
      } finally {
        // Where the time goes (server starts dominate), for whoever looks at this test's runtime.
        console.log(`${file}: ${timings.join(", ")}`);
        await Promise.all(backgrounds.map(stop));
        backgrounds = [];
      }
    });
  }
});

interface Running {
  child: ChildProcess;
  output(): string;
  exited: Promise<number | string>;
}

async function runBlock(block: RunnableBlock, port: { server: number; proxy: number }): Promise<void> {
  const substitute = (text: string) =>
    text.replaceAll(/\b4242\b/g, String(port.server)).replaceAll(/\b8080\b/g, String(port.proxy));
  const script = substitute(block.script);
  const expected = block.expectedOutput.map(substitute);
  const where = `${block.file}:${block.line}`;
  const describeRun = (running: Running) => `${where}:\n${script}\n--- output ---\n${running.output()}`;

  if (block.mode === "run") {
    const running = start(shellScript(script, { errexit: block.expectedExit === 0, saveState: true }), port.server);
    const exit = await Promise.race([running.exited, delay(240_000).then(() => "timed out")]);
    if (exit === "timed out") await stop(running);
    expect(exit, describeRun(running)).toBe(block.expectedExit);
    for (const line of expected) expect(running.output(), describeRun(running)).toContain(line);
    return;
  }
  if (block.mode === "server" && server !== undefined) {
    await stop(server); // the reader pressed Ctrl-C before starting it again
    server = undefined;
  }
  const running = start(shellScript(script, { errexit: true, saveState: false }), port.server);
  if (block.mode === "server") server = running;
  else backgrounds.push(running);
  let deadline = Date.now() + 240_000;
  let serving = block.mode !== "server";
  const ready = async () => {
    if (!serving) {
      const answer = await fetch(`http://127.0.0.1:${port.server}/readyz`).catch(() => undefined);
      if (answer?.status !== 200) return false;
      serving = true;
      // The banner is written as the server starts listening: a line missing this long after is missing.
      deadline = Math.min(deadline, Date.now() + 20_000);
    }
    return expected.every((line) => running.output().includes(line));
  };
  let exit: number | string | undefined;
  void running.exited.then((code) => (exit = code));
  while (!(await ready())) {
    if (exit !== undefined) throw new Error(`exited (${exit}) before it was ready: ${describeRun(running)}`);
    if (Date.now() > deadline) throw new Error(`not ready in time: ${describeRun(running)}`);
    await delay(250);
  }
}

/** The block as a bash script that reads the variables earlier blocks exported, and saves its own for later ones. */
function shellScript(script: string, options: { errexit: boolean; saveState: boolean }): string {
  return [
    options.errexit ? "set -euo pipefail" : "set -uo pipefail",
    "set -a", // a reader's terminal keeps plain variables too; exporting them is how the next block sees them
    `if [[ -f '${stateFile}' ]]; then source '${stateFile}'; fi`,
    options.saveState
      ? `trap 'export -p | grep -vE "^declare -x (OLDPWD|PWD|SHLVL|_)=" > "${stateFile}.new"; mv "${stateFile}.new" "${stateFile}"' EXIT`
      : "",
    script,
  ].join("\n");
}

function start(script: string, serverPort: number): Running {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith("SWITCHBOARD_") && !key.startsWith("npm_") && key !== "INIT_CWD") env[key] = value;
  }
  env["SWITCHBOARD_PORT"] = String(serverPort);
  // Its own process group, so stopping it reaches npm, the shell and the server, as Ctrl-C in a terminal does.
  const child = spawn("bash", ["-c", script], { cwd: scratch, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout?.on("data", (chunk) => (output += chunk));
  child.stderr?.on("data", (chunk) => (output += chunk));
  const exited = new Promise<number | string>((resolve) =>
    child.once("exit", (code, signal) => resolve(code ?? signal ?? "unknown")),
  );
  return { child, output: () => output, exited };
}

/** Ctrl-C to the whole process group; SIGKILL if it is still there 20 s later. */
async function stop(running: Running): Promise<void> {
  const signal = (name: NodeJS.Signals) => {
    try {
      if (running.child.pid !== undefined) process.kill(-running.child.pid, name);
    } catch {
      // Already gone.
    }
  };
  signal("SIGINT");
  if ((await Promise.race([running.exited, delay(20_000).then(() => "late")])) === "late") signal("SIGKILL");
  await running.exited;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
