import { execFile } from "node:child_process";

/** What one wrk run measured. */
export interface WrkResult {
  requests: number;
  rps: number;
  p99Ms: number | null;
  non2xx: number;
  socketErrors: number;
}

/** Whether wrk is installed (`apt-get install -y wrk`). */
export function hasWrk(): Promise<boolean> {
  return new Promise((resolve) =>
    execFile("wrk", ["--version"], (error) => resolve(error === null || error.code === 1)),
  );
}

/** Runs `wrk --latency` for `seconds` and parses its summary. */
export function runWrk(url: string, seconds: number, connections: number): Promise<WrkResult> {
  const args = ["-t1", `-c${connections}`, `-d${seconds}s`, "--latency", "--timeout", "5s", url];
  return new Promise((resolve, reject) => {
    execFile("wrk", args, { timeout: (seconds + 30) * 1000 }, (error, stdout) => {
      if (error !== null) return reject(new Error(`wrk failed: ${error.message}`));
      resolve(parseWrk(stdout));
    });
  });
}

/** Parses wrk's text output: requests, requests/s, the 99% latency, non-2xx/3xx answers and socket errors. */
export function parseWrk(output: string): WrkResult {
  const requests = Number(/(\d+) requests in/.exec(output)?.[1] ?? Number.NaN);
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(output)?.[1] ?? Number.NaN);
  const p99 = /\s99%\s+([\d.]+)(us|ms|s)\b/.exec(output);
  const unit = p99?.[2] === "us" ? 0.001 : p99?.[2] === "s" ? 1000 : 1;
  const non2xx = Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(output)?.[1] ?? 0);
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(output);
  const socketErrors = socket === null ? 0 : socket.slice(1).reduce((sum, n) => sum + Number(n), 0);
  return { requests, rps, p99Ms: p99 === null ? null : Number(p99[1]) * unit, non2xx, socketErrors };
}
