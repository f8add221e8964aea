import { type ChildProcess, spawn } from "node:child_process";
import { request } from "node:http";
import { fileURLToPath } from "node:url";

const repoBin = fileURLToPath(new URL("../../packages/cli/bin/switchboard.js", import.meta.url));

/** A `switchboard serve` process, started the way a user starts it, on a free port. */
export interface ServeProcess {
  url: string;
  /** The admin token printed on first start, or the one passed in SWITCHBOARD_ADMIN_TOKEN. */
  adminToken: string | null;
  child: ChildProcess;
  output(): string;
  /** Resolves with the exit code (or signal) once the process has ended. */
  exited: Promise<number | string>;
}

/** Starts the real command (the repository's, or `bin`, e.g. one installed from a tarball) and waits for its banner. */
export async function startServe(options: {
  dataDir: string;
  env?: Record<string, string>;
  bin?: string;
  /** More arguments after `serve …`, e.g. `--demo-data`. */
  args?: string[];
  /** How long the first start may take (an empty folder's embedded PostgreSQL is created then). */
  startTimeoutMs?: number;
}): Promise<ServeProcess> {
  const child = spawn(
    process.execPath,
    [
      options.bin ?? repoBin,
      "serve",
      "--port",
      "0",
      "--host",
      "127.0.0.1",
      "--data",
      options.dataDir,
      ...(options.args ?? []),
    ],
    {
      env: { ...process.env, ...options.env },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  const exited = new Promise<number | string>((resolve) =>
    child.once("exit", (code, signal) => resolve(code ?? signal ?? "unknown")),
  );
  const url = await new Promise<string>((resolve, reject) => {
    // A first start creates the embedded PostgreSQL (initdb in WebAssembly): over a minute on a busy 2-core machine.
    const timer = setTimeout(
      () => reject(new Error(`serve did not start in time:\n${output}`)),
      options.startTimeoutMs ?? 180_000,
    );
    const check = () => {
      const match = /running at (http:\/\/\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout.on("data", check);
    exited.then(() => reject(new Error(`serve exited early:\n${output}`)));
  });
  const printed = /\b(sb_admin_[A-Za-z0-9_-]+)/.exec(output)?.[1] ?? null;
  return {
    url,
    adminToken: printed ?? options.env?.["SWITCHBOARD_ADMIN_TOKEN"] ?? null,
    child,
    output: () => output,
    exited,
  };
}

/**
 * Stops a server started by `startServe` (if it started) with SIGTERM and waits for it to end; after 8 s it is killed
 * with SIGKILL. Graceful shutdown is tested elsewhere (serve-lifecycle); a test's teardown only needs a bounded wait.
 */
export async function stopServe(serve: ServeProcess | undefined): Promise<void> {
  serve?.child.kill("SIGTERM");
  const stuck = setTimeout(() => serve?.child.kill("SIGKILL"), 8_000);
  await serve?.exited;
  clearTimeout(stuck);
}

/** Calls the API with a token and JSON; resolves with status and parsed body. */
export async function api(
  base: string,
  token: string,
  method: string,
  path: string,
  body?: unknown,
  // biome-ignore lint/suspicious/noExplicitAny: JSON answers are checked by the assertions that read them.
): Promise<{ status: number; body: any }> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

/** An open Server-Sent Events connection that collects raw text and parsed events. */
export interface SseConnection {
  events: { event: string; id: string | undefined; data: string }[];
  raw(): string;
  ended: Promise<void>;
  waitFor(predicate: (event: { event: string; data: string }) => boolean, timeoutMs?: number): Promise<void>;
  close(): void;
}

/** Opens an SSE stream with a bearer key. */
export function openStream(url: string, key: string): Promise<SseConnection> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { authorization: `Bearer ${key}`, accept: "text/event-stream" } }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`stream answered ${res.statusCode}`));
      let raw = "";
      let pending = "";
      const events: SseConnection["events"] = [];
      const waiters = new Set<() => void>();
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        raw += chunk;
        pending += chunk;
        let end = pending.indexOf("\n\n");
        while (end >= 0) {
          const block = pending.slice(0, end);
          pending = pending.slice(end + 2);
          const event = { event: "message", id: undefined as string | undefined, data: "" };
          for (const line of block.split("\n")) {
            if (line.startsWith("event:")) event.event = line.slice(6).trim();
            else if (line.startsWith("id:")) event.id = line.slice(3).trim();
            else if (line.startsWith("data:")) event.data += line.slice(5).trim();
          }
          if (event.data) events.push(event);
          end = pending.indexOf("\n\n");
        }
        for (const wake of waiters) wake();
      });
      const ended = new Promise<void>((done) => res.once("close", () => done()));
      resolve({
        events,
        raw: () => raw,
        ended,
        close: () => req.destroy(),
        waitFor(predicate, timeoutMs = 10_000) {
          return new Promise((done, fail) => {
            const check = () => {
              if (events.some(predicate)) {
                waiters.delete(check);
                clearTimeout(timer);
                done();
              }
            };
            const timer = setTimeout(() => {
              waiters.delete(check);
              fail(new Error(`no matching event within ${timeoutMs} ms; got:\n${raw.slice(-2000)}`));
            }, timeoutMs);
            waiters.add(check);
            check();
          });
        },
      });
    });
    req.on("error", reject);
    req.end();
  });
}
