import { randomUUID } from "node:crypto";
import { BUCKETS, unitBucket } from "../model/bucket-ranges.js";
import { verifyPreviewToken } from "../model/preview-token.js";
import { cookieHeaderOf, type RequestScan, readCookie } from "./proxy-headers.js";
import type { RoutingTable, TablePool } from "./routing-table.js";
import type { Upstream } from "./upstream.js";

/** A year: sticky units should outlive any ramp. */
const STICKY_COOKIE_ATTRIBUTES = "; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly";

/** The routing decision of one request; one instance is reused, like `RequestScan`. */
export class PoolChoice {
  pool: TablePool | undefined = undefined;
  /** A `Set-Cookie` value giving a new unit its sticky id, or null. */
  setCookie: string | null = null;
}

/**
 * Chooses the pool of one scanned request: a valid preview token, then header overrides, then the target (sticky
 * units by `hash(seed, unit, 2)`, others at random); a drained pool or one without a healthy backend fails over.
 */
export function choosePool(table: RoutingTable, scan: RequestScan, choice: PoolChoice): PoolChoice {
  choice.setCookie = null;
  const selected = selectPool(table, scan, choice);
  choice.pool = selected !== undefined && isServing(selected) ? selected : failover(table, selected);
  return choice;
}

function selectPool(table: RoutingTable, scan: RequestScan, choice: PoolChoice): TablePool | undefined {
  const values = scan.values;
  const token = values[table.previewSlot];
  if (token !== undefined) {
    const service = table.service;
    const named = verifyPreviewToken(service.preview.secret, service, token, Math.floor(Date.now() / 1000));
    const pool = named === undefined ? undefined : table.byName.get(named);
    if (pool !== undefined) return pool;
  }
  for (const override of table.overrides) {
    if (values[override.slot] === override.value) return override.pool;
  }
  const unit = stickyUnit(table, scan, choice);
  if (table.fixedPool !== null) return table.fixedPool;
  const bucket = unit === undefined ? Math.floor(Math.random() * BUCKETS) : unitBucket(table.service.seed, unit);
  const rangeTo = table.rangeTo;
  for (let i = 0; i < rangeTo.length; i++) {
    if (bucket < (rangeTo[i] ?? 0)) return table.rangePools[i];
  }
  return table.rangePools[table.rangePools.length - 1];
}

/** The unit of a sticky request; a request without its cookie gets a fresh id, sent back with `Set-Cookie`. */
function stickyUnit(table: RoutingTable, scan: RequestScan, choice: PoolChoice): string | undefined {
  const sticky = table.sticky;
  if (sticky === null) return undefined;
  if (sticky.source === "header") {
    const value = scan.values[sticky.slot];
    return value === "" ? undefined : value;
  }
  const header = cookieHeaderOf(scan);
  const existing = header === undefined ? undefined : readCookie(header, sticky.cookie);
  if (existing !== undefined && existing !== "") return existing;
  const unit = randomUUID();
  choice.setCookie = `${sticky.cookie}=${unit}${STICKY_COOKIE_ATTRIBUTES}`;
  return unit;
}

/** Whether a pool takes new requests: not drained, with at least one backend in rotation. */
export function isServing(pool: TablePool): boolean {
  if (pool.drained) return false;
  for (const upstream of pool.upstreams) if (upstream.available) return true;
  return false;
}

/** The first serving pool in failover order; with none, the selected pool (unless drained) so it can still try. */
function failover(table: RoutingTable, selected: TablePool | undefined): TablePool | undefined {
  for (const pool of table.failover) if (isServing(pool)) return pool;
  return selected !== undefined && !selected.drained ? selected : undefined;
}

/** The next backend of a pool in round-robin order, skipping those out of rotation (any, when all are). */
export function pickUpstream(pool: TablePool): Upstream | undefined {
  const upstreams = pool.upstreams;
  const count = upstreams.length;
  for (let step = 0; step < count; step++) {
    pool.cursor = pool.cursor + 1 >= count ? 0 : pool.cursor + 1;
    const upstream = upstreams[pool.cursor];
    if (upstream?.available) return upstream;
  }
  return upstreams[pool.cursor];
}
