import type { PoolStatus, ServiceRef, TrafficServiceDocument } from "@switchboard/proxy";
import { percentByPool } from "@switchboard/proxy";
import type { StoredDocument } from "../../store/index.js";
import { loadService } from "./service-documents.js";
import type { TrafficService } from "./traffic-service.js";

/** A service as the API shows it: the document plus its version and the current percent per pool. */
export function serviceView(doc: StoredDocument<TrafficServiceDocument>) {
  const { history, ...body } = doc.body;
  return { ...body, split: percentByPool(body.routing.target), historyLength: history.length, version: doc.version };
}

/** Routing states, newest first: the current one, then those `back` would return to in turn. */
export function historyView(doc: StoredDocument<TrafficServiceDocument>) {
  const entries = [{ ...doc.body.current, routing: doc.body.routing }, ...[...doc.body.history].reverse()];
  return entries.map((entry, index) => ({
    ...entry,
    current: index === 0,
    split: percentByPool(entry.routing.target),
  }));
}

/** Pools with their share, drain mark and the data plane's live figures; the data plane's error when unreachable. */
export async function serviceStatus(traffic: TrafficService, ref: ServiceRef) {
  const doc = await loadService(traffic.deps.store, ref);
  const backend = traffic.deps.backendFor(doc.body);
  let live: PoolStatus[] = [];
  let dataPlaneError: string | null = null;
  if (backend !== null) {
    try {
      live = (await backend.status(ref)).pools;
    } catch (error) {
      dataPlaneError = error instanceof Error ? error.message : String(error);
    }
  }
  const split = percentByPool(doc.body.routing.target);
  const pools = doc.body.pools.map((pool) => {
    const figures = live.find((p) => p.pool === pool.name);
    return {
      ...pool,
      percent: split[pool.name] ?? 0,
      healthy: figures?.healthy ?? null,
      backendStates: figures?.backends ?? [],
      requestRate: figures?.requestRate ?? null,
      errorRate: figures?.errorRate ?? null,
      latencyMs: figures?.latencyMs ?? null,
      requestsTotal: figures?.requestsTotal ?? null,
      errorsTotal: figures?.errorsTotal ?? null,
    };
  });
  return {
    name: doc.body.name,
    environment: doc.body.environment,
    version: doc.version,
    routing: doc.body.routing,
    split,
    plan: doc.body.plan,
    dataPlane: {
      kind: doc.body.dataPlane.kind,
      reachable: backend === null ? null : dataPlaneError === null,
      error: dataPlaneError,
    },
    pools,
    at: traffic.deps.clock.now().toISOString(),
  };
}
