import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

/** A server child process and where it listens. */
export interface IngestChild {
  url: string;
  child: ChildProcess;
}

/** Starts `ingest-child-server.ts` over `dataDir` in its own process and waits until it listens. */
export function spawnIngestServer(dataDir: string): Promise<IngestChild> {
  const script = fileURLToPath(new URL("./ingest-child-server.ts", import.meta.url));
  const child = spawn(process.execPath, ["--import", "tsx", script, dataDir], { stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => reject(new Error("the ingest server did not start in time")), 30_000);
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString("utf8");
      const line = output.split("\n")[0];
      if (!output.includes("\n") || line === undefined) return;
      clearTimeout(timer);
      resolve({ url: `http://127.0.0.1:${(JSON.parse(line) as { port: number }).port}`, child });
    });
    child.once("exit", (code) => reject(new Error(`the ingest server exited early (code ${code})`)));
  });
}
