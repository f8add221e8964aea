import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { RoutingState, TrafficServiceSpec } from "@switchboard/proxy";
import { haproxyConfig } from "../haproxy-config.js";
import { parseShowStat } from "../haproxy-stats.js";
import { runtimeCommand } from "../runtime-api.js";

/** A free TCP port on 127.0.0.1 (bound then released). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A tiny backend that answers `body` (and 200 on its health path), or 500 while `failing` is set. */
export interface TinyBackend {
  address: string;
  failing: boolean;
  close(): Promise<void>;
}

/** Starts a tiny node:http backend on 127.0.0.1. */
export async function startTinyBackend(body: string): Promise<TinyBackend> {
  const state = { failing: false };
  const server: Server = createServer((request, response) => {
    const status = state.failing && request.url !== "/healthz" ? 500 : 200;
    response.writeHead(status, { "content-type": "text/plain" }).end(body);
  });
  server.keepAliveTimeout = 1_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    address: `127.0.0.1:${port}`,
    get failing() {
      return state.failing;
    },
    set failing(value: boolean) {
      state.failing = value;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A running HAProxy started from a generated configuration. */
export interface HaproxyProcess {
  url: string;
  runtimeApi: string;
  mapDir: string;
  stop(): Promise<void>;
}

/** Writes the generated configuration to a temporary directory and starts `haproxy -f cfg -db` until it answers. */
export async function startHaproxy(service: TrafficServiceSpec, routing: RoutingState): Promise<HaproxyProcess> {
  const dir = await mkdtemp(join(tmpdir(), "switchboard-haproxy-"));
  const [port, apiPort] = [await freePort(), await freePort()];
  const runtimeApi = `127.0.0.1:${apiPort}`;
  const generated = haproxyConfig(service, routing, {
    bind: `127.0.0.1:${port}`,
    runtimeApi,
    mapDir: dir,
    healthCheckIntervalMs: 200,
  });
  for (const file of generated.files) await writeFile(file.path, file.content);
  await writeFile(join(dir, "haproxy.cfg"), generated.config);
  const child: ChildProcess = spawn("haproxy", ["-f", join(dir, "haproxy.cfg"), "-db"], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    }
    await rm(dir, { recursive: true, force: true });
  };
  for (let attempt = 0; ; attempt++) {
    if (child.exitCode !== null || attempt > 100) {
      await stop();
      throw new Error(`HAProxy did not start: ${stderr}`);
    }
    // Ready once every server passed its first health check, so no test meets a 503 from a pool still starting.
    const rows = parseShowStat(await runtimeCommand(runtimeApi, ["show stat"], 500).catch(() => ""));
    const servers = rows.filter((r) => r["svname"] !== "BACKEND" && r["svname"] !== "FRONTEND");
    if (servers.length > 0 && servers.every((r) => (r["status"] ?? "").startsWith("UP"))) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { url: `http://127.0.0.1:${port}`, runtimeApi, mapDir: dir, stop };
}
