import { join } from "node:path";
import type { DataPlaneStatus, RoutingState, ServiceRef, TrafficBackend, TrafficServiceSpec } from "@switchboard/proxy";
import { backendName, backendPrefix, mapFileName, STATE_KEY, serverName } from "./haproxy-names.js";
import { parseShowStat, poolStatuses } from "./haproxy-stats.js";
import { encodeRouting } from "./routing-encoding.js";
import { assertQuiet, runtimeCommand } from "./runtime-api.js";

/** How to reach one HAProxy: its Runtime API and the directory of the maps its config loads. */
export interface HaproxyTrafficBackendOptions {
  runtimeApi: string;
  mapDir: string;
  timeoutMs?: number;
}

/**
 * Drives HAProxy through its Runtime API. The whole routing state is one map entry read by the routing action, so
 * one `set map` switches or re-splits atomically; draining is `set server … state drain` (requests in flight
 * finish, new ones go elsewhere); health and counters come from `show stat`.
 */
export class HaproxyTrafficBackend implements TrafficBackend {
  readonly kind = "haproxy";

  constructor(private readonly options: HaproxyTrafficBackendOptions) {}

  async apply(service: TrafficServiceSpec, routing: RoutingState): Promise<void> {
    // Pools become ready before requests can be routed to them, and drain only after requests stopped going there.
    const ready = this.serverStates(service, false, "ready");
    if (ready.length > 0) assertQuiet(await this.command(ready), "making pools ready");
    const value = encodeRouting(routing, service.pools);
    const map = join(this.options.mapDir, mapFileName(service));
    assertQuiet(await this.command([`set map ${map} ${STATE_KEY} ${value}`]), `set map ${map}`);
    const drain = this.serverStates(service, true, "drain");
    if (drain.length > 0) assertQuiet(await this.command(drain), "draining pools");
  }

  async status(service: ServiceRef): Promise<DataPlaneStatus> {
    const rows = parseShowStat(await this.command(["show stat"]));
    const pools = poolStatuses(rows, backendPrefix(service));
    return { service: { name: service.name, environment: service.environment }, pools, at: new Date().toISOString() };
  }

  async drain(service: ServiceRef, pool: string): Promise<void> {
    const proxy = backendName(service, pool);
    const rows = parseShowStat(await this.command(["show stat"]));
    const servers = rows.filter((r) => r["pxname"] === proxy && r["svname"] !== "BACKEND").map((r) => r["svname"]);
    if (servers.length === 0) throw new Error(`HAProxy has no backend ${proxy}; regenerate its configuration.`);
    assertQuiet(await this.command(servers.map((s) => `set server ${proxy}/${s} state drain`)), `draining ${proxy}`);
  }

  async close(): Promise<void> {}

  private serverStates(service: TrafficServiceSpec, drained: boolean, state: string): string[] {
    return service.pools
      .filter((pool) => pool.drained === drained)
      .flatMap((pool) =>
        pool.backends.map((_, i) => `set server ${backendName(service, pool.name)}/${serverName(i)} state ${state}`),
      );
  }

  private command(commands: readonly string[]): Promise<string> {
    return runtimeCommand(this.options.runtimeApi, commands, this.options.timeoutMs);
  }
}
