import type {
  BackendStatus,
  DataPlaneStatus,
  PoolStatus,
  RoutingState,
  ServiceRef,
  TrafficBackend,
  TrafficServiceSpec,
} from "@switchboard/proxy";
import { AppError } from "../../kernel/index.js";

/** One proxy's last report: its pools' figures and when it arrived. */
interface Report {
  pools: PoolStatus[];
  atMs: number;
}

/** A report older than this no longer counts for health and rates (its cumulative counters still do). */
const REPORT_FRESH_MS = 10_000;
/** A proxy silent this long is forgotten altogether. */
const REPORT_FORGET_MS = 10 * 60_000;

const keyOf = (ref: ServiceRef): string => `${ref.environment}/${ref.name}`;

/**
 * Figures that remote built-in proxies (`switchboard proxy`) report about their pools, kept per service and proxy
 * in this server's memory, and summed into the data plane status that `status` and the ramp guard read.
 */
export class ReportedStats {
  private readonly services = new Map<string, Map<string, Report>>();

  constructor(private readonly nowMs: () => number = Date.now) {}

  /** Stores the latest figures of proxy `reporter` for a service. */
  report(ref: ServiceRef, reporter: string, pools: PoolStatus[]): void {
    let reports = this.services.get(keyOf(ref));
    if (reports === undefined) {
      reports = new Map();
      this.services.set(keyOf(ref), reports);
    }
    reports.set(reporter, { pools, atMs: this.nowMs() });
  }

  /** The sum over the service's proxies; NOT_FOUND when none reported lately. */
  status(ref: ServiceRef): DataPlaneStatus {
    const reports = this.services.get(keyOf(ref));
    const now = this.nowMs();
    for (const [reporter, report] of reports ?? []) {
      if (now - report.atMs > REPORT_FORGET_MS) reports?.delete(reporter);
    }
    const all = [...(reports?.values() ?? [])];
    const fresh = all.filter((report) => now - report.atMs <= REPORT_FRESH_MS);
    if (fresh.length === 0) {
      throw new AppError("NOT_FOUND", `No built-in proxy reported figures for ${keyOf(ref)} in the last 10 s.`);
    }
    const names = [...new Set(fresh.flatMap((report) => report.pools.map((p) => p.pool)))];
    const pools = names.map((name) => sumPool(name, fresh, all));
    return { service: { name: ref.name, environment: ref.environment }, pools, at: new Date(now).toISOString() };
  }
}

/**
 * One pool over every proxy: rates, health and backends from fresh reports; cumulative counters from all of them,
 * so they never go down when a proxy stops reporting (a guard counts from a step's baseline).
 */
function sumPool(name: string, fresh: readonly Report[], all: readonly Report[]): PoolStatus {
  const live = fresh.flatMap((report) => report.pools.filter((p) => p.pool === name));
  const counted = all.flatMap((report) => report.pools.filter((p) => p.pool === name));
  const rate = sum(live.map((p) => p.requestRate));
  const weighted = (pick: (p: PoolStatus) => number | null): number | null => {
    const parts = live.filter((p) => pick(p) !== null && (p.requestRate ?? 0) > 0);
    const weight = sum(parts.map((p) => p.requestRate));
    return weight === null || weight === 0
      ? null
      : (sum(parts.map((p) => (pick(p) ?? 0) * (p.requestRate ?? 0))) ?? 0) / weight;
  };
  const backends = new Map<string, BackendStatus["state"]>();
  for (const pool of live) {
    for (const backend of pool.backends) {
      if (backends.get(backend.address) !== "up") backends.set(backend.address, backend.state);
    }
  }
  return {
    pool: name,
    healthy: live.some((p) => p.healthy === true) ? true : live.some((p) => p.healthy === false) ? false : null,
    backends: [...backends].map(([address, state]) => ({ address, state })),
    requestRate: rate,
    requestsTotal: sum(counted.map((p) => p.requestsTotal)),
    errorsTotal: sum(counted.map((p) => p.errorsTotal)),
    errorRate: weighted((p) => p.errorRate),
    latencyMs: weighted((p) => p.latencyMs),
  };
}

function sum(values: readonly (number | null)[]): number | null {
  let total: number | null = null;
  for (const value of values) if (value !== null) total = (total ?? 0) + value;
  return total;
}

/**
 * The data plane of services served by remote built-in proxies: they follow routing changes through the control
 * API themselves, so `apply` and `drain` have nothing to push; `status` sums what the proxies reported.
 */
export class ReportingProxiesBackend implements TrafficBackend {
  readonly kind = "builtin";

  constructor(private readonly reports: ReportedStats) {}

  async apply(_service: TrafficServiceSpec, _routing: RoutingState): Promise<void> {}

  async status(ref: ServiceRef): Promise<DataPlaneStatus> {
    return this.reports.status(ref);
  }

  async drain(_ref: ServiceRef, _pool: string): Promise<void> {}

  async close(): Promise<void> {}
}
