import autocannon from "autocannon";
import { serveOneRequest } from "../lib/child-runner.js";

/** One load run against a URL. */
export interface LoadRequest {
  url: string;
  headers: Record<string, string>;
  connections: number;
  durationS: number;
  /** Stop after this many requests instead (a warm-up by work done, whatever the machine's load). */
  amount?: number;
}

/** Requests per second on average, requests answered, and answers that were not 2xx or failed. */
export interface LoadReply {
  rps: number;
  requests: number;
  non2xx: number;
  errors: number;
}

serveOneRequest<LoadRequest, LoadReply>(async (request) => {
  const result = await autocannon({
    url: request.url,
    headers: request.headers,
    connections: request.connections,
    duration: request.durationS,
    ...(request.amount === undefined ? {} : { amount: request.amount }),
  });
  const ok = Object.entries(result.statusCodeStats)
    .filter(([status]) => status.startsWith("2"))
    .reduce((sum, [, stats]) => sum + stats.count, 0);
  const total = Object.values(result.statusCodeStats).reduce((sum, stats) => sum + stats.count, 0);
  return { rps: result.requests.average, requests: total, non2xx: total - ok, errors: result.errors };
});
