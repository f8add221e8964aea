/** A routing target: all to one pool, or a weighted split. */
export type RoutingTarget =
  | { kind: "pool"; pool: string }
  | { kind: "split"; weights: { pool: string; percent: number }[] };

/** A service as `GET /traffic/services` lists it. */
export interface ServiceView {
  name: string;
  environment: string;
  pools: { name: string; release?: string; backends: string[]; drained?: boolean }[];
  routing: { target: RoutingTarget };
  split: Record<string, number>;
  historyLength: number;
  version: number;
}

/** `GET …/status`: pools with health and live figures from the data plane. */
export interface ServiceStatus {
  dataPlane: { kind: string; reachable: boolean | null; error: string | null };
  pools: {
    name: string;
    release?: string;
    percent: number;
    healthy: boolean | null;
    drained?: boolean;
    requestRate: number | null;
    errorRate: number | null;
    latencyMs: number | null;
  }[];
}

/** One routing state of `GET …/history`, newest first. */
export interface HistoryEntry {
  action: string;
  actor: string;
  at: string;
  reason: string | null;
  current: boolean;
  split: Record<string, number>;
}
