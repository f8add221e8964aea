import { type LiveDemoReport, playLiveDemo } from "./live-script.js";
import { type DemoServer, remoteServer, startEmbeddedServer } from "./live-server.js";

export interface RunLiveDemoOptions {
  speed: number;
  port: number;
  url?: string;
  token?: string;
  /** Keep the server up after the story until Ctrl-C, so the dashboard can be explored. */
  stay: boolean;
  write: (text: string) => void;
}

/**
 * `switchboard demo --live`: the server (embedded, on a temporary folder, unless `--url` names one), the story,
 * and on Ctrl-C or the end everything this process started stopped and the temporary folder removed.
 */
export async function runLiveDemo(options: RunLiveDemoOptions): Promise<LiveDemoReport | undefined> {
  const { write } = options;
  const stop = new AbortController();
  const onSignal = () => {
    write("\nstopping: closing the shop, the proxy and the server…\n");
    stop.abort();
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  let server: DemoServer | undefined;
  try {
    if (options.url !== undefined) {
      server = remoteServer(options.url, options.token ?? "");
    } else {
      write("starting a Switchboard server on a temporary data folder (the first start takes a little while)…\n");
      server = await startEmbeddedServer(options.port);
    }
    if (stop.signal.aborted) return undefined;
    const report = await playLiveDemo({ server, speed: options.speed, write, signal: stop.signal });
    if (options.stay && !stop.signal.aborted) {
      write(`\nThe dashboard stays at ${server.url}/ (token ${server.token}); Ctrl-C stops everything.\n`);
      await new Promise<void>((resolve) => stop.signal.addEventListener("abort", () => resolve(), { once: true }));
    }
    return report;
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    await server?.close();
    write("stopped; nothing left running\n");
  }
}
