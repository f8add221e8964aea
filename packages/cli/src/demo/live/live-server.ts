import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A server the demo runs on, and how to leave nothing behind. */
export interface DemoServer {
  url: string;
  token: string;
  /** The temporary data folder of an embedded server, removed by `close`. */
  dataDir?: string;
  /** Stops what the demo started (the embedded server, its temporary data folder); idempotent. */
  close(): Promise<void>;
}

/**
 * An embedded server on a temporary data folder, in this process, with a fresh admin token. Its monitors look at
 * every second and wait 5 s for a minute's late events, so an incident is seen within minutes (the defaults, 5 s
 * and 60 s, suit real traffic from many hosts).
 */
export async function startEmbeddedServer(port: number): Promise<DemoServer> {
  const { parseServerConfig, startServer } = await import("@switchboard/server");
  const dataDir = mkdtempSync(join(tmpdir(), "switchboard-demo-"));
  const token = `sb_admin_demo_${randomBytes(16).toString("hex")}`;
  let closed: Promise<void> | undefined;
  const removeFolder = () => rmSync(dataDir, { recursive: true, force: true });
  try {
    const config = parseServerConfig(
      { port: String(port), host: "127.0.0.1", data: dataDir },
      {
        ...process.env,
        SWITCHBOARD_ADMIN_TOKEN: token,
        SWITCHBOARD_MONITOR_INTERVAL_MS: "1000",
        SWITCHBOARD_MONITOR_LAG_MS: "5000",
        SWITCHBOARD_SHUTDOWN_GRACE_MS: "1000",
      },
    );
    const server = await startServer(config);
    return {
      url: server.url.replace("://0.0.0.0:", "://127.0.0.1:"),
      token,
      dataDir,
      close: () => {
        closed ??= server.close().finally(removeFolder);
        return closed;
      },
    };
  } catch (error) {
    removeFolder();
    throw error;
  }
}

/** A server somebody else runs (`--url` and `--token`): nothing to stop. */
export function remoteServer(url: string, token: string): DemoServer {
  return { url: url.replace(/\/+$/, ""), token, close: async () => {} };
}
