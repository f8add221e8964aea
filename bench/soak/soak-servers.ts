import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const BIN = fileURLToPath(new URL("../../packages/cli/bin/switchboard.js", import.meta.url));

/** A real `switchboard serve` process, started as a user starts it, with the open-files limit raised. */
export interface SoakServer {
  url: string;
  port: number;
  pid: number;
  /** Resident memory now (KB), from /proc; NaN once the process is gone. */
  rssKb(): number;
  stop(): Promise<void>;
}

/** Starts `switchboard serve` on a free port with its own data folder; resolves once `/healthz` answers. */
export async function startSoakServer(env: Record<string, string>): Promise<SoakServer> {
  const dataDir = await mkdtemp(join(tmpdir(), "switchboard-soak-"));
  const port = await freePort();
  const command = `ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"; exec node "$0" serve --host 127.0.0.1 --port ${port} --data "$1"`;
  const child: ChildProcess = spawn("bash", ["-c", command, BIN, dataDir], {
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, ...env },
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  await waitHealthy(url, child, 240_000);
  const pid = child.pid ?? -1;
  return {
    url,
    port,
    pid,
    rssKb: () => rssKb(pid),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
      await exited;
      clearTimeout(timer);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

function rssKb(pid: number): number {
  try {
    const line = readFileSync(`/proc/${pid}/status`, "utf8")
      .split("\n")
      .find((entry) => entry.startsWith("VmRSS:"));
    return Number(line?.split(/\s+/)[1]);
  } catch {
    return Number.NaN;
  }
}

async function waitHealthy(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`switchboard serve exited with code ${child.exitCode}`);
    const answer = await fetch(`${url}/healthz`).catch(() => undefined);
    await answer?.body?.cancel();
    if (answer?.status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} did not become healthy within ${timeoutMs} ms`);
}

/** A free port (bound then released); the server listens on it before any client connection is opened. */
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

/** Calls the API as the admin; throws on a non-2xx with the answer. */
export async function adminCall(
  base: string,
  token: string,
  method: string,
  path: string,
  body: unknown,
): Promise<unknown> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json", "x-change-reason": "soak" },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
  return text === "" ? undefined : JSON.parse(text);
}
