import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { freePort } from "../../packages/server/src/traffic/haproxy/testing/haproxy-process.js";
import { type ServeProcess, startServe } from "./serve-process.js";

const run = promisify(execFile);
const bin = fileURLToPath(new URL("../../packages/cli/bin/switchboard.js", import.meta.url));

/**
 * An SDK stream as the SDK keeps it, through the load balancer: on every end or error it reconnects after a short
 * pause with `Last-Event-ID`, and it applies `payload` (replace) and `patch` (merge) events to the set of flag keys it
 * knows. What it ends up knowing is what an SDK behind it would serve.
 */
export interface ResumingStream {
  /** The flag keys known from the events received so far. */
  readonly keys: ReadonlySet<string>;
  /** The server (HAProxy's name) of every connection, in order. */
  readonly servedBy: string[];
  /** The `Last-Event-ID` sent on every reconnection (none on the first). */
  readonly resumedFrom: string[];
  close(): void;
}

export function openResumingStream(url: string, key: string, reconnectMs = 200): Promise<ResumingStream> {
  const keys = new Set<string>();
  const servedBy: string[] = [];
  const resumedFrom: string[] = [];
  let lastEventId: string | undefined;
  let closed = false;
  let current: ReturnType<typeof request> | undefined;
  let firstPayload: (() => void) | undefined;
  const first = new Promise<void>((resolve) => (firstPayload = resolve));

  const apply = (event: string, id: string | undefined, data: string): void => {
    if (event === "payload") {
      keys.clear();
      for (const name of Object.keys((JSON.parse(data) as { features: object }).features)) keys.add(name);
      firstPayload?.();
    } else if (event === "patch") {
      const { features } = JSON.parse(data) as { features: Record<string, unknown> };
      for (const [name, definition] of Object.entries(features)) {
        if (definition === null) keys.delete(name);
        else keys.add(name);
      }
    } else return;
    if (id !== undefined) lastEventId = id;
  };

  const connect = (): void => {
    if (closed) return;
    const headers: Record<string, string> = { authorization: `Bearer ${key}`, accept: "text/event-stream" };
    if (lastEventId !== undefined) {
      headers["last-event-id"] = lastEventId;
      resumedFrom.push(lastEventId);
    }
    let retried = false;
    const retry = (): void => {
      if (retried || closed) return;
      retried = true;
      setTimeout(connect, reconnectMs);
    };
    current = request(url, { headers }, (response) => {
      servedBy.push(String(response.headers["x-switchboard-server"] ?? "?"));
      if (response.statusCode !== 200) {
        response.resume();
        response.once("end", retry);
        return;
      }
      let pending = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => {
        pending += chunk;
        for (let end = pending.indexOf("\n\n"); end >= 0; end = pending.indexOf("\n\n")) {
          const block = pending.slice(0, end);
          pending = pending.slice(end + 2);
          let event = "message";
          let id: string | undefined;
          let data = "";
          for (const line of block.split("\n")) {
            if (line.startsWith("event:")) event = line.slice(6).trim();
            else if (line.startsWith("id:")) id = line.slice(3).trim();
            else if (line.startsWith("data:")) data += line.slice(5).trim();
          }
          if (data !== "") apply(event, id, data);
        }
      });
      response.once("close", retry);
      response.once("error", retry);
    });
    current.once("error", retry);
    current.end();
  };

  connect();
  return first.then(() => ({
    keys,
    servedBy,
    resumedFrom,
    close() {
      closed = true;
      current?.destroy();
    },
  }));
}

/** A running HAProxy (`haproxy -db`) on a configuration file; stop() ends it. */
export interface HaproxyRun {
  child: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

export function runHaproxy(configFile: string): HaproxyRun {
  const child = spawn("haproxy", ["-f", configFile, "-db"], { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return {
    child,
    output: () => output,
    async stop() {
      if (child.exitCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}

/** Resolves once `check` holds, polling every `everyMs`; rejects with `describe()` after `timeoutMs`. */
export async function eventually(
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
  describe: () => string,
  everyMs = 100,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms: ${describe()}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/** Several `switchboard serve` processes behind a real HAProxy configured by `switchboard cluster haproxy-config`. */
export interface HaproxyCluster {
  servers: ServeProcess[];
  /** HAProxy's names of the servers, in order (`a`, `b`, `c`, …). */
  names: string[];
  balancer: string;
  configFile: string;
  haproxy: HaproxyRun;
  stop(): Promise<void>;
}

/**
 * Starts `count` servers one after the other (the later ones must find the schema and environments in place) with
 * `env`, writes the HAProxy configuration with the real command and waits until the balancer has reached every one.
 */
export async function startHaproxyCluster(env: Record<string, string>, count = 3): Promise<HaproxyCluster> {
  const names = "abcdefgh".slice(0, count).split("");
  const servers: ServeProcess[] = [];
  for (const name of names) {
    servers.push(await startServe({ dataDir: mkdtempSync(join(tmpdir(), `sb-${name}-`)), env }));
  }
  const port = await freePort();
  const balancer = `http://127.0.0.1:${port}`;
  const configFile = join(mkdtempSync(join(tmpdir(), "sb-haproxy-")), "haproxy.cfg");
  const addresses = servers.map((server, index) => `${names[index]}=${new URL(server.url).host}`);
  await run(process.execPath, [
    bin,
    "cluster",
    "haproxy-config",
    "--server",
    ...addresses,
    "--bind",
    `127.0.0.1:${port}`,
    "--check-interval-ms",
    "300",
    "--maxconn",
    "1000",
    "--output",
    configFile,
  ]);
  const haproxy = runHaproxy(configFile);
  const stop = async () => {
    await haproxy.stop();
    for (const server of servers) server.child.kill("SIGKILL");
    await Promise.all(servers.map((s) => s.exited));
  };
  // Every server is in rotation once each has answered a request through the balancer.
  const seen = new Set<string>();
  await eventually(
    async () => {
      const answer = await fetch(`${balancer}/readyz`).catch(() => undefined);
      const server = answer?.headers.get("x-switchboard-server");
      if (answer?.status === 200 && server) seen.add(server);
      return seen.size === count;
    },
    30_000,
    () => `servers seen through HAProxy: ${[...seen].join(", ")}\n${haproxy.output()}`,
    50,
  ).catch(async (error: unknown) => {
    await stop();
    throw error;
  });
  return { servers, names, balancer, configFile, haproxy, stop };
}
