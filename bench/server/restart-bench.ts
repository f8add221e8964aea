import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Reporter } from "../lib/bench-types.js";
import { round } from "../lib/measurement.js";
import { startBenchProcess } from "./bench-process.js";
import { ascending, quantile } from "./percentiles.js";
import type { RestartLoadReady, RestartLoadResult } from "./restart-load.js";
import { monotonicMs } from "./subscriber-protocol.js";

const BIN = fileURLToPath(new URL("../../packages/cli/bin/switchboard.js", import.meta.url));
const ADMIN_TOKEN = "sb_admin_restart_bench_0123456789abcdefghij";
const FLAG = "restart-probe";
/** As long as the outage the issue measured: long enough for every client to be in its reconnect policy. */
const OUTAGE_MS = Number(process.env["BENCH_OUTAGE_MS"] ?? 12_000);
/** How long after the change the clients' receipts are collected; a client without one by then counts as missing. */
const COLLECT_MS = 30_000;
/** The first seconds after the server answers again, over which the processes' CPU and event-loop delay are noted. */
const RETURN_WINDOW_MS = 3_000;
/**
 * How many load processes share the clients. A real fleet is many processes on many machines; one Node process
 * running 1,000 clients' 400–800 ms probes (~1,700 refused connections a second) measured its own CPU share, not the
 * reconnect policy or the server, on a busy 2-core machine.
 */
const LOAD_PROCESSES = Math.max(1, Number(process.env["BENCH_RESTART_LOAD_PROCESSES"] ?? 4));
/** A folder for a CPU profile of the restarted server (`node --cpu-prof`), written when it stops; none when unset. */
const CPU_PROFILE_DIR = process.env["BENCH_RESTART_CPU_PROF"];

/**
 * `propagation.restart`: `clients` SDK clients stream from the real `switchboard serve`; the server is stopped
 * (SIGTERM, as a deploy does), stays down for 12 s, and starts again on the same port and data folder. The moment
 * `/healthz` answers again, a flag is changed; the figure is the time from that moment to each client's receipt.
 */
export async function runRestartPropagation(clients: number, reporter: Reporter): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), "switchboard-restart-bench-"));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  let server = startServe(port, dataDir);
  let loads: ReturnType<typeof startBenchProcess>[] = [];
  try {
    await waitHealthy(base, 180_000);
    await api(base, "POST", "/api/v1/flags", {
      key: FLAG,
      type: "boolean",
      defaultVariation: "off",
      environments: { production: { enabled: true, rules: [{ id: "everyone", kind: "force", serve: "on" }] } },
    });
    const created = await api(base, "POST", "/api/v1/tokens", {
      kind: "server-sdk",
      name: "restart bench",
      environment: "production",
    });
    const sdkKey = String((created as { secret?: unknown }).secret);
    const shares = splitEvenly(clients, LOAD_PROCESSES);
    loads = shares.map((share) =>
      startBenchProcess("./restart-load.ts", {
        BENCH_URL: base,
        BENCH_SDK_KEY: sdkKey,
        BENCH_CLIENTS: String(share),
        BENCH_FLAG: FLAG,
        BENCH_RETURN_WINDOW_MS: String(RETURN_WINDOW_MS),
      }),
    );
    const ready = await Promise.all(loads.map((load) => load.nextMessage<RestartLoadReady>(180_000)));
    const streaming = ready.reduce((sum, each) => sum + each.clients, 0);
    reporter.note(
      `  ${streaming} of ${clients} SDK clients streaming from ${loads.length} load process(es), open-files limit ` +
        `${Math.min(...ready.map((each) => each.fdLimit))}`,
    );
    for (const load of loads) load.send("arm");
    await Promise.all(loads.map((load) => load.nextMessage(10_000)));
    await stopServe(server);
    await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS));
    reporter.note(`  server down for ${OUTAGE_MS / 1000} s; starting it again`);
    server = startServe(
      port,
      dataDir,
      CPU_PROFILE_DIR === undefined ? [] : ["--cpu-prof", `--cpu-prof-dir=${CPU_PROFILE_DIR}`],
    );
    const healthyAtMs = await waitHealthy(base, 180_000);
    for (const load of loads) load.send("back");
    const cpu = returnWindowCpu(
      server.pid ?? -1,
      loads.map((load) => load.pid),
    );
    reporter.note(`  machine load average ${loadavg()[0]?.toFixed(2)} (other work on the machine skews the figures)`);
    await api(base, "POST", `/api/v1/flags/${FLAG}/environments/production/kill`, { reason: "restart bench" });
    reporter.note(`  the change's 2xx came ${round(monotonicMs() - healthyAtMs)} ms after /healthz answered again`);
    await new Promise((resolve) => setTimeout(resolve, COLLECT_MS));
    for (const load of loads) load.send("collect");
    const results = await Promise.all(loads.map((load) => load.nextMessage<RestartLoadResult>(60_000)));
    const receivedAtMs = results.flatMap((result) => result.receivedAtMs);
    const reconnectedAtMs = results.flatMap((result) => result.reconnectedAtMs);
    const used = await cpu;
    const delays = results.map((r) => `p99 ${round(r.loopDelayP99Ms)} / max ${round(r.loopDelayMaxMs)}`).join(", ");
    reporter.note(
      `  first ${RETURN_WINDOW_MS / 1000} s after /healthz answered: server CPU ${used.server} %, load processes CPU ` +
        `${used.loads.join(" + ")} % (of one core); their event-loop delay (ms): ${delays}`,
    );
    const reconnected = ascending(reconnectedAtMs.filter(Number.isFinite).map((at) => at - healthyAtMs));
    reporter.note(
      `  clients ready again after /healthz answered: p50 ${round(quantile(reconnected, 0.5))} ms, p99 ` +
        `${round(quantile(reconnected, 0.99))} ms, max ${round(quantile(reconnected, 1))} ms (${reconnected.length} seen)`,
    );
    emit(receivedAtMs, healthyAtMs, reporter);
  } finally {
    await Promise.all(loads.map((load) => load.stop()));
    await stopServe(server);
    await rm(dataDir, { recursive: true, force: true });
  }
}

function emit(receivedAtMs: readonly number[], healthyAtMs: number, reporter: Reporter): void {
  const latencies = ascending(receivedAtMs.filter(Number.isFinite).map((at) => Math.max(0, at - healthyAtMs)));
  const missing = receivedAtMs.length - latencies.length;
  reporter.note(`  ${missing} clients had not received the change ${COLLECT_MS / 1000} s after it was made`);
  const min = quantile(latencies, 0);
  const max = quantile(latencies, 1);
  const figures: [string, number][] = [
    ["p50_ms", quantile(latencies, 0.5)],
    ["p99_ms", quantile(latencies, 0.99)],
    ["max_ms", max],
    ["missing", missing],
  ];
  for (const [metric, value] of figures) {
    reporter.emit({
      bench: "propagation.restart",
      impl: "switchboard",
      metric,
      value: round(value),
      runs: 1,
      min: round(min),
      max: round(max),
    });
  }
}

/** CPU used by the server and each load process (% of one core) over the return window, from the kernel's ticks. */
async function returnWindowCpu(server: number, loads: readonly number[]): Promise<{ server: number; loads: number[] }> {
  const pids = [server, ...loads];
  const before = pids.map(cpuTicks);
  await new Promise((resolve) => setTimeout(resolve, RETURN_WINDOW_MS));
  const ticksPerSecond = 100; // USER_HZ, 100 on Linux
  const percent = pids.map((pid, index) => {
    const ticks = cpuTicks(pid) - (before[index] ?? Number.NaN);
    return Math.round((ticks / ticksPerSecond / (RETURN_WINDOW_MS / 1000)) * 100);
  });
  return { server: percent[0] ?? Number.NaN, loads: percent.slice(1) };
}

/** `total` split into `parts` shares that differ by at most one. */
function splitEvenly(total: number, parts: number): number[] {
  const count = Math.min(parts, Math.max(1, total));
  return Array.from({ length: count }, (_, index) => Math.floor(total / count) + (index < total % count ? 1 : 0));
}

/** utime + stime of a process, in clock ticks (NaN when it is gone). */
function cpuTicks(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return Number.NaN;
  }
}

/** The real command, as a user starts it, with the open-files limit raised for the streams. */
function startServe(port: number, dataDir: string, nodeFlags: readonly string[] = []): ChildProcess {
  const flags = nodeFlags.join(" ");
  const command = `ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"; exec node ${flags} "$0" serve --host 127.0.0.1 --port ${port} --data "$1"`;
  return spawn("bash", ["-c", command, BIN, dataDir], {
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, SWITCHBOARD_ADMIN_TOKEN: ADMIN_TOKEN, SWITCHBOARD_SHUTDOWN_GRACE_MS: "2000" },
  });
}

async function stopServe(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null || server.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => server.once("exit", () => resolve()));
  server.kill("SIGTERM");
  const timer = setTimeout(() => server.kill("SIGKILL"), 30_000);
  await exited;
  clearTimeout(timer);
}

/** Polls `/healthz` every 10 ms; resolves with the monotonic time of its first 200. */
async function waitHealthy(base: string, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${base}/healthz`);
      const at = monotonicMs();
      await response.body?.cancel();
      if (response.status === 200) return at;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`${base} did not become healthy within ${timeoutMs} ms`);
}

async function api(base: string, method: string, path: string, body: unknown): Promise<unknown> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${ADMIN_TOKEN}`,
      "content-type": "application/json",
      "x-change-reason": "restart bench",
    },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
  return text === "" ? undefined : JSON.parse(text);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}
