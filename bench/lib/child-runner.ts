import { fork } from "node:child_process";

/** How to start one measuring child process. */
export interface ChildOptions {
  /** Absolute path of the TypeScript worker script. */
  script: string;
  /** Hard limit: the child is killed and the call rejects after this long. */
  timeoutMs: number;
  /** Extra Node flags, e.g. `--expose-gc`. */
  nodeFlags?: readonly string[];
}

/**
 * Forks a fresh child, sends it one request and resolves with its one reply; the child is always killed afterwards.
 * The child's stdout goes to our stderr, so nothing but measurements reaches our stdout.
 */
export function runInChild<Request, Reply>(options: ChildOptions, request: Request): Promise<Reply> {
  const child = fork(options.script, [], {
    execArgv: ["--import", "tsx", ...(options.nodeFlags ?? [])],
    stdio: ["ignore", "pipe", "inherit", "ipc"],
  });
  child.stdout?.pipe(process.stderr);
  return new Promise<Reply>((resolve, reject) => {
    let settled = false;
    const finish = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (child.exitCode === null) child.kill("SIGKILL");
      outcome();
    };
    const timer = setTimeout(
      () => finish(() => reject(new Error(`child timed out after ${options.timeoutMs} ms`))),
      options.timeoutMs,
    );
    child.once("message", (reply) =>
      finish(() => {
        // A worker that failed answers { kind: "error" } (see serveOneRequest): never report that as a measurement.
        const failure = reply as { kind?: unknown; error?: unknown };
        if (failure.kind === "error") reject(new Error(`worker failed: ${String(failure.error)}`));
        else resolve(reply as Reply);
      }),
    );
    child.once("error", (error) => finish(() => reject(error)));
    child.once("exit", (code, signal) =>
      finish(() => reject(new Error(`child exited before replying (code ${code}, signal ${signal})`))),
    );
    child.send(request as object);
  });
}

/** Worker side: answers exactly one request, then exits so no library timer can keep the process alive. */
export function serveOneRequest<Request, Reply>(handle: (request: Request) => Promise<Reply>): void {
  process.once("message", (request) => {
    handle(request as Request)
      .catch((error: unknown) => ({
        kind: "error",
        error: error instanceof Error ? (error.stack ?? error.message) : String(error),
      }))
      .then((reply) => process.send?.(reply as object, () => process.exit(0)));
  });
}
