import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

/** A child process started with a raised open-files limit, sending JSON messages on marked stdout lines. */
export interface BenchProcess {
  child: ChildProcess;
  pid: number;
  /** The next message printed by the child (its other output goes to our stderr). */
  nextMessage<T>(timeoutMs: number): Promise<T>;
  send(line: string): void;
  stop(): Promise<void>;
}

const WANTED_FD_LIMIT = 65536;
// Marks the lines meant for the parent, so that a library logging JSON to stdout cannot be mistaken for one.
const MESSAGE_PREFIX = "@bench ";

/**
 * Starts `node --import tsx <script>` through bash so that `ulimit -n` can be raised first (to 65,536, or to the
 * hard limit when that is lower); the child reports the limit it got in its first message.
 */
export function startBenchProcess(script: string, env: Record<string, string>, nodeFlags: string[] = []): BenchProcess {
  const path = fileURLToPath(new URL(script, import.meta.url));
  const command = `ulimit -n ${WANTED_FD_LIMIT} 2>/dev/null || ulimit -n "$(ulimit -Hn)"; exec node ${nodeFlags.join(" ")} --import tsx "$0"`;
  const child = spawn("bash", ["-c", command, path], {
    stdio: ["pipe", "pipe", "inherit"],
    env: { ...process.env, ...env },
  });
  const lines = createInterface({ input: child.stdout });
  const queue: string[] = [];
  let waiter: (() => void) | undefined;
  lines.on("line", (line) => {
    if (!line.startsWith(MESSAGE_PREFIX)) {
      process.stderr.write(`${line}\n`);
      return;
    }
    queue.push(line.slice(MESSAGE_PREFIX.length));
    waiter?.();
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return {
    child,
    pid: child.pid ?? -1,
    async nextMessage<T>(timeoutMs: number): Promise<T> {
      const deadline = Date.now() + timeoutMs;
      while (queue.length === 0) {
        if (child.exitCode !== null) throw new Error(`${script} exited with code ${child.exitCode}`);
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`${script} sent nothing for ${timeoutMs} ms`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, Math.min(left, 500));
          waiter = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
      return JSON.parse(queue.shift() ?? "{}") as T;
    },
    send(line) {
      child.stdin?.write(`${line}\n`);
    },
    async stop() {
      if (child.exitCode === null) child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 3000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** This process's open-files limit, as the kernel reports it. */
export function openFilesLimit(): number {
  const line = readFileSync("/proc/self/limits", "utf8")
    .split("\n")
    .find((entry) => entry.startsWith("Max open files"));
  return Number(line?.split(/\s+/)[3] ?? Number.NaN);
}

/**
 * Prints one JSON line for the parent; resolves once it is handed to the pipe. Writes to a pipe are asynchronous
 * here: a line larger than the pipe's buffer waits in this process, and `process.exit` before the callback cuts it.
 */
export function tellParent(message: object): Promise<void> {
  return new Promise((resolve) => {
    process.stdout.write(`${MESSAGE_PREFIX}${JSON.stringify(message)}\n`, () => resolve());
  });
}
