/** A pool as `GET …/status` reports it (the fields the text shows). */
interface PoolStatus {
  name?: unknown;
  percent?: unknown;
  healthy?: unknown;
  requestRate?: unknown;
  errorRate?: unknown;
  drained?: unknown;
}

/**
 * A request rate for people: whole requests per second from 100/s up, one decimal from 1/s, two below (a rate is
 * measured over a window, so more digits are noise), e.g. `4.7/s`, `1,250/s`, `0.03/s`.
 */
export function formatRate(perSecond: number): string {
  const digits = perSecond >= 100 ? 0 : perSecond >= 1 ? 1 : 2;
  return `${perSecond.toLocaleString("en-US", { maximumFractionDigits: digits })}/s`;
}

/** One line per pool of `switchboard traffic status`: share, health, request rate, error rate, drained. */
export function poolStatusLine(pool: PoolStatus): string {
  const rate = typeof pool.requestRate === "number" ? formatRate(pool.requestRate) : "-";
  const errors = typeof pool.errorRate === "number" ? `${(pool.errorRate * 100).toFixed(1)}%` : "-";
  const health =
    pool.healthy === null || pool.healthy === undefined ? "unknown" : pool.healthy ? "healthy" : "UNHEALTHY";
  const name = String(pool.name).padEnd(12);
  const drained = pool.drained === true ? "  drained" : "";
  return `  ${name} ${String(pool.percent).padStart(6)}%  ${health.padEnd(9)} ${rate.padStart(8)}  errors ${errors}${drained}`;
}
