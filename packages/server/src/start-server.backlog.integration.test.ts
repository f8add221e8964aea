// The listening socket's accept queue, as the kernel reports it (`ss`: a listener's Send-Q is its backlog). A fleet
// of SDKs returning after a restart overflowed Node's default of 511: the kernel dropped their handshakes and each
// dropped client lost a second to the SYN retransmission timer (`npm run bench -- propagation.restart`).
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { parseServerConfig } from "./config/index.js";
import { LISTEN_BACKLOG } from "./http/index.js";
import { type RunningServer, startServer } from "./start-server.js";

let server: RunningServer | undefined;
let dir: string | undefined;

afterAll(async () => {
  await server?.close();
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

/** The backlog of the socket listening on `port`, from iproute2's `ss` (Debian's `iproute2` package). */
function listenBacklogOf(port: number): number {
  const line =
    execFileSync("ss", ["-Hltn", `sport = :${port}`], { encoding: "utf8" })
      .trim()
      .split("\n")[0] ?? "";
  // State Recv-Q Send-Q Local:Port Peer:Port; for a listener Send-Q is the backlog.
  return Number(line.trim().split(/\s+/)[2]);
}

it("listens with a backlog that holds a whole fleet reconnecting at once", async () => {
  dir = await mkdtemp(join(tmpdir(), "sb-backlog-"));
  server = await startServer(parseServerConfig({ host: "127.0.0.1", port: 0, data: dir }, {}));
  const somaxconn = Number(readFileSync("/proc/sys/net/core/somaxconn", "utf8"));
  // The kernel caps any backlog at somaxconn; Node's default would show 511 here.
  expect(listenBacklogOf(server.port)).toBe(Math.min(LISTEN_BACKLOG, somaxconn));
  expect(Math.min(LISTEN_BACKLOG, somaxconn)).toBeGreaterThan(511);
}, 120_000);
