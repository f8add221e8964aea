import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { request } from "undici";
import {
  freePort,
  type HaproxyProcess,
  startHaproxy,
} from "../../packages/server/src/traffic/haproxy/testing/haproxy-process.js";
import { contractService } from "../../packages/server/src/traffic/traffic-backend.contract.js";
import { type BenchProcess, startBenchProcess } from "../server/bench-process.js";

const CLI = fileURLToPath(new URL("../../packages/cli/bin/switchboard.js", import.meta.url));
const ADMIN_TOKEN = "bench-traffic-admin-token-0123456789";
const ENVIRONMENT = "production";

/** One data plane under test: where requests go and the service the control API switches. */
export interface Plane {
  impl: "haproxy" | "builtin";
  /** Names the figures: `haproxy`, `switchboard-proxy`, or `switchboard-proxy-<n>w` for n workers. */
  label: string;
  url: string;
  service: string;
}

/**
 * Everything the traffic benchmarks run against, all on 127.0.0.1: a Switchboard server (real CLI, embedded
 * store), one backend process per pool, HAProxy driven through the Runtime API, and `switchboard proxy`.
 */
export class TrafficLab {
  readonly planes: Plane[] = [];
  private readonly children: ChildProcess[] = [];
  private readonly benchProcesses: BenchProcess[] = [];
  private haproxy: HaproxyProcess | undefined;
  private dataDir = "";
  serverUrl = "";

  /**
   * Starts every process; `stop` must follow, also after a failure. `proxyWorkers` lists the built-in proxies to
   * start for the same service, by worker count (one single-process proxy by default).
   */
  async start(note: (text: string) => void, proxyWorkers: readonly number[] = [1]): Promise<void> {
    const addresses = { a: [await this.backend("A")], b: [await this.backend("B")] };
    this.dataDir = await mkdtemp(join(tmpdir(), "switchboard-traffic-bench-"));
    const port = await freePort();
    this.serverUrl = `http://127.0.0.1:${port}`;
    this.spawn(["serve", "--host", "127.0.0.1", "--port", String(port), "--data", this.dataDir], {
      SWITCHBOARD_ADMIN_TOKEN: ADMIN_TOKEN,
    });
    await waitForHttp(`${this.serverUrl}/healthz`, 60_000);
    note(`server ${this.serverUrl}, backends a=${addresses.a[0]} b=${addresses.b[0]}`);
    const pools = (["a", "b"] as const).map((name) => ({
      name,
      backends: addresses[name],
      healthCheckPath: "/healthz",
    }));

    const haproxySpec = contractService(addresses, "web-haproxy");
    this.haproxy = await startHaproxy(haproxySpec, {
      target: { kind: "pool", pool: "a" },
      sticky: null,
      overrides: [],
    });
    const dataPlane = { kind: "haproxy", runtimeApi: this.haproxy.runtimeApi, mapDir: this.haproxy.mapDir };
    await this.api("POST", "/traffic/services", { name: "web-haproxy", environment: ENVIRONMENT, pools, dataPlane });
    this.planes.push({ impl: "haproxy", label: "haproxy", url: this.haproxy.url, service: "web-haproxy" });

    await this.api("POST", "/traffic/services", {
      name: "web-builtin",
      environment: ENVIRONMENT,
      pools,
      dataPlane: { kind: "builtin" },
    });
    for (const workers of proxyWorkers) {
      const proxyPort = await freePort();
      this.spawn([
        "proxy",
        "--service",
        `${ENVIRONMENT}/web-builtin`,
        "--listen",
        `127.0.0.1:${proxyPort}`,
        "--url",
        this.serverUrl,
        "--token",
        ADMIN_TOKEN,
        "--workers",
        String(workers),
      ]);
      await waitForHttp(`http://127.0.0.1:${proxyPort}/healthz`, 30_000);
      const label = workers === 1 ? "switchboard-proxy" : `switchboard-proxy-${workers}w`;
      this.planes.push({ impl: "builtin", label, url: `http://127.0.0.1:${proxyPort}`, service: "web-builtin" });
    }
  }

  /** Calls the control API as admin; throws on a non-2xx answer. */
  async api(method: "GET" | "POST" | "PUT", path: string, body?: unknown): Promise<unknown> {
    const response = await request(`${this.serverUrl}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.body.text();
    if (response.statusCode >= 300) throw new Error(`${method} ${path} answered ${response.statusCode}: ${text}`);
    return text === "" ? null : JSON.parse(text);
  }

  /** The API path of a plane's service. */
  servicePath(plane: Plane): string {
    return `/traffic/services/${ENVIRONMENT}/${plane.service}`;
  }

  /** Stops every process this lab started and removes its files. */
  async stop(): Promise<void> {
    await this.haproxy?.stop().catch(() => undefined);
    await Promise.all(this.children.map((child) => stopChild(child)));
    await Promise.all(this.benchProcesses.map((child) => child.stop()));
    if (this.dataDir !== "") await rm(this.dataDir, { recursive: true, force: true });
  }

  private async backend(name: string): Promise<string> {
    const child = startBenchProcess("../traffic/backend-main.ts", { BACKEND_NAME: name });
    this.benchProcesses.push(child);
    return (await child.nextMessage<{ address: string }>(30_000)).address;
  }

  private spawn(args: string[], env: Record<string, string> = {}): void {
    const child = spawn(process.execPath, [CLI, ...args], {
      stdio: ["ignore", "ignore", "inherit"],
      env: { ...process.env, ...env },
    });
    this.children.push(child);
  }
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
  await exited;
  clearTimeout(timer);
}

async function waitForHttp(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const response = await request(url);
      await response.body.dump();
      if (response.statusCode < 500) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
