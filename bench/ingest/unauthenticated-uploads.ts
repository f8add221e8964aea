// How much an unauthenticated upload costs the server: N concurrent large bodies without a token, sent to the
// control API and to ingest, each against a fresh server process. Prints one JSON line per figure (the bench format).
// Run: node --import tsx bench/ingest/unauthenticated-uploads.ts [uploads=8] [megabytes=15]

import { readFileSync } from "node:fs";
import { request } from "node:http";
import { startBenchProcess } from "../server/bench-process.js";

const uploads = Number(process.argv[2] ?? 8);
const bodyBytes = Number(process.argv[3] ?? 15) * 1024 * 1024;
const TARGETS = [
  { impl: "control-api", path: "/api/v1/flags" },
  { impl: "ingest", path: "/api/v1/events" },
] as const;

/** Resident and peak resident memory of a process, in MB, from the kernel. */
function memoryMb(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+)`, "m").exec(status)?.[1] ?? Number.NaN);
  return { rss: kb("VmRSS") / 1024, peak: kb("VmHWM") / 1024 };
}

/** Sends one body without a token; resolves with the status once the answer's head arrives (the upload may go on). */
function upload(port: number, path: string, body: Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({
      host: "127.0.0.1",
      port,
      path,
      method: "POST",
      headers: { "content-type": "application/json", "content-length": body.length },
    });
    req.once("response", (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    // A server that answers early may close the socket while we still write: that is the point, not a failure.
    req.once("error", (error) => reject(error));
    req.end(body);
  });
}

async function measure(target: (typeof TARGETS)[number], body: Buffer): Promise<void> {
  const server = startBenchProcess("../ingest/ingest-server.ts", {});
  try {
    const { port } = await server.nextMessage<{ port: number }>(60_000);
    const before = memoryMb(server.pid);
    const started = performance.now();
    const statuses = await Promise.all(Array.from({ length: uploads }, () => upload(port, target.path, body)));
    const ms = performance.now() - started;
    const after = memoryMb(server.pid);
    const figures = {
      ms_to_all_answers: ms,
      rss_before_mb: before.rss,
      peak_rss_mb: after.peak,
      rss_growth_mb: after.peak - before.rss,
    };
    for (const [metric, value] of Object.entries(figures)) {
      const bench = `ingest.unauthenticated.${uploads}x${bodyBytes / 1024 / 1024}mb`;
      console.log(JSON.stringify({ bench, impl: target.impl, metric, value: Math.round(value * 10) / 10, runs: 1 }));
    }
    console.error(`${target.impl}: statuses ${[...new Set(statuses)].join(", ")}`);
  } finally {
    await server.stop();
  }
}

const body = Buffer.alloc(bodyBytes, "[");
for (const target of TARGETS) await measure(target, body);
