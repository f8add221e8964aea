import autocannon from "autocannon";
import { serveOneRequest } from "../lib/child-runner.js";

/** One load run against a URL. */
export interface CannonRequest {
  url: string;
  headers: Record<string, string>;
  connections: number;
  durationS: number;
}

/** Requests per second on average, p99 latency and how many answers were not the expected status. */
export interface CannonReply {
  rps: number;
  p99Ms: number;
  unexpected: number;
  errors: number;
}

serveOneRequest<CannonRequest, CannonReply>(async (request) => {
  const result = await autocannon({
    url: request.url,
    headers: request.headers,
    connections: request.connections,
    duration: request.durationS,
  });
  const statusCodes = result.statusCodeStats;
  const notModified = statusCodes["304"]?.count ?? 0;
  const total = Object.values(statusCodes).reduce((sum, stats) => sum + stats.count, 0);
  return {
    rps: result.requests.average,
    p99Ms: result.latency.p99,
    unexpected: total - notModified,
    errors: result.errors,
  };
});
