/**
 * A known reason the server cannot start, worded as what happened and what to do, on one line: the CLI prints it
 * without a stack trace and exits 1.
 */
export class StartupError extends Error {
  override readonly name = "StartupError";
}

/** The `StartupError` for a failure of `listen`, or `undefined` when it is not one we know. */
export function listenFailure(error: unknown, config: { host: string; port: number }): StartupError | undefined {
  const code = errnoCode(error);
  const where = `${config.host}:${config.port}`;
  if (code === "EADDRINUSE") {
    return new StartupError(
      `port ${config.port} is already in use (another Switchboard server or another program listens on ${where}): ` +
        "stop it, or start on another port with --port <port> (or SWITCHBOARD_PORT)",
    );
  }
  if (code === "EACCES") {
    return new StartupError(
      `not allowed to listen on ${where} (ports below 1024 need privileges): ` +
        "start on another port with --port <port> (or SWITCHBOARD_PORT)",
    );
  }
  if (code === "EADDRNOTAVAIL" || code === "ENOTFOUND") {
    return new StartupError(
      `cannot listen on ${config.host}: this machine has no such address: ` +
        "choose another with --host <address> (or SWITCHBOARD_HOST), e.g. 0.0.0.0 or 127.0.0.1",
    );
  }
  return undefined;
}

/** Another running server (process `pid`) uses the data folder. */
export function dataFolderHeldBy(pid: number | undefined, dataDir: string): StartupError {
  const holder = pid === undefined ? "another process" : `PID ${pid}`;
  return new StartupError(
    `another server uses this data folder: ${holder} holds ${dataDir}: stop it, or start this one on another ` +
      "folder with --data <dir> (or SWITCHBOARD_DATA_DIR)",
  );
}

/**
 * The `StartupError` for an event store that cannot be opened because another process holds its lock (DuckDB's
 * "Could not set lock on file … Conflicting lock is held in … (PID 1234)"), naming that process.
 */
export function dataFolderInUse(error: unknown, dataDir: string): StartupError | undefined {
  const message = error instanceof Error ? error.message : String(error);
  if (!/could not set lock on file/i.test(message)) return undefined;
  const pid = /\(PID (\d+)\)/.exec(message)?.[1];
  return dataFolderHeldBy(pid === undefined ? undefined : Number(pid), dataDir);
}

/** The `StartupError` for a data folder that cannot be created or written. */
export function dataFolderUnusable(error: unknown, dataDir: string): StartupError | undefined {
  const code = errnoCode(error);
  if (code !== "EACCES" && code !== "EPERM" && code !== "EROFS" && code !== "ENOTDIR" && code !== "EEXIST") {
    return undefined;
  }
  return new StartupError(
    `cannot use ${dataDir} as the data folder (${code}): choose another with --data <dir> (or SWITCHBOARD_DATA_DIR)`,
  );
}

function errnoCode(error: unknown): string | undefined {
  const code = typeof error === "object" && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === "string" ? code : undefined;
}
