import { readFile, unlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { dataFolderHeldBy, dataFolderUnusable, StartupError } from "./startup-error.js";

/** The data folder, held by this process until `release()`. */
export interface DataFolderLock {
  release(): Promise<void>;
}

/** The file naming the process that serves a data folder. */
export const PID_FILE = "server.pid";

/**
 * Takes the data folder for this process by creating `server.pid` exclusively. A file left by a process that is
 * gone (kill -9, a crash) is taken over; one naming a running process means another server uses the folder, and
 * this one must not open its stores (two embedded PostgreSQL instances on one folder corrupt it).
 */
export async function lockDataFolder(dataDir: string): Promise<DataFolderLock> {
  const path = join(dataDir, PID_FILE);
  // Two servers starting at once may both find a stale file: the exclusive create decides, the loser looks again.
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      await writeFile(path, `${process.pid}\n`, { flag: "wx" });
      return { release: releaseOnce(path) };
    } catch (error) {
      if (errnoCode(error) !== "EEXIST") throw dataFolderUnusable(error, dataDir) ?? error;
    }
    const holder = Number((await readFile(path, "utf8").catch(() => "")).trim());
    if (isRunning(holder)) throw dataFolderHeldBy(holder, dataDir);
    await unlink(path).catch(() => undefined);
  }
  throw new StartupError(`cannot take ${path}: other processes keep creating it; remove it and start again`);
}

function releaseOnce(path: string): () => Promise<void> {
  let released: Promise<void> | undefined;
  return () => {
    released ??= (async () => {
      // Only our own file: never remove the one of a server that took over after us.
      const holder = Number((await readFile(path, "utf8").catch(() => "")).trim());
      if (holder === process.pid) await unlink(path).catch(() => undefined);
    })();
    return released;
  };
}

function isRunning(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, under another user.
    return errnoCode(error) === "EPERM";
  }
}

function errnoCode(error: unknown): string | undefined {
  const code = typeof error === "object" && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === "string" ? code : undefined;
}
