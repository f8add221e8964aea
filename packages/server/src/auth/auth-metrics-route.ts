import type { FastifyInstance } from "fastify";
import type { Authenticator } from "./authenticator.js";
import type { AuthFailureStats } from "./failure-guard.js";

const METRICS: readonly [keyof AuthFailureStats, string, "gauge" | "counter", string][] = [
  ["failuresInWindow", "switchboard_auth_failures_window_total", "gauge", "Failed authentications in the last minute."],
  ["globalFailureBudget", "switchboard_auth_failure_budget", "gauge", "Failures a minute before answers are slowed."],
  ["delayedTotal", "switchboard_auth_failures_delayed_total", "counter", "Failed authentications answered late."],
  ["rateLimitedTotal", "switchboard_auth_rate_limited_total", "counter", "Failed authentications answered 429."],
  ["trackedAddresses", "switchboard_auth_tracked_addresses", "gauge", "Client addresses with recent failures."],
  ["limitedAddresses", "switchboard_auth_limited_addresses", "gauge", "Client addresses at their failure limit."],
  ["trackedPrefixes", "switchboard_auth_tracked_prefixes", "gauge", "Token prefixes with recent failures."],
  ["limitedPrefixes", "switchboard_auth_limited_prefixes", "gauge", "Token prefixes at their failure limit."],
];

/** `GET /metrics`: the failure limits of authentication in the Prometheus text format (counts only, no token). */
export function registerAuthMetricsRoute(app: FastifyInstance, auth: Authenticator): void {
  app.get("/metrics", async (_request, reply) => {
    const stats = auth.failureStats?.();
    const lines: string[] = [];
    for (const [field, name, type, help] of METRICS) {
      if (stats === undefined) break;
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`, `${name} ${stats[field]}`);
    }
    return reply.type("text/plain; version=0.0.4").send(`${lines.join("\n")}\n`);
  });
}
