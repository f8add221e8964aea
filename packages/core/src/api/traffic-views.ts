/*
 * The traffic views as the API sends them. The traffic model itself (pools, routing state, plans) belongs to the
 * data plane; these name the fields a client reads, and the server may send more.
 */

/** Where requests go: all to one pool, or a weighted split whose percents sum to 100. */
export type RoutingTarget =
  | { kind: "pool"; pool: string }
  | { kind: "split"; weights: { pool: string; percent: number }[] };

/** A pool as a view shows it. */
export interface PoolView {
  name: string;
  /** The git sha of the release the pool serves, or null when unknown. */
  release: string | null;
  backends: string[];
  drained: boolean;
}

/** A service as `GET /traffic/services` lists it: the document, its version and the percent per pool. */
export interface ServiceView {
  name: string;
  environment: string;
  pools: PoolView[];
  routing: { target: RoutingTarget };
  split: Record<string, number>;
  historyLength: number;
  version: number;
}

/** A pool of `GET …/status` with its share and the data plane's live figures (null when unknown). */
export interface PoolStatusView extends PoolView {
  percent: number;
  healthy: boolean | null;
  requestRate: number | null;
  errorRate: number | null;
  latencyMs: number | null;
}

/** `GET /traffic/services/:env/:name/status`: pools with health and live figures from the data plane. */
export interface ServiceStatus {
  name: string;
  environment: string;
  version: number;
  split: Record<string, number>;
  dataPlane: { kind: string; reachable: boolean | null; error: string | null };
  pools: PoolStatusView[];
  at: string;
}

/** One routing state of `GET …/history`, newest first; `current` marks the one in place. */
export interface HistoryEntry {
  action: string;
  actor: string;
  at: string;
  reason: string | null;
  current: boolean;
  split: Record<string, number>;
}
