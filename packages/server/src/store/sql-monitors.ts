import { randomUUID } from "node:crypto";
import type { Alert, AlertAction, AlertDelivery } from "@switchboard/core";
import { AppError } from "../kernel/index.js";
import type { AlertFilter, NewAlert, NewAlertDelivery } from "./monitor-store.js";
import type { SqlQueryable } from "./sql-client.js";
import { iso, jsonParam } from "./sql-rows.js";

interface AlertRow {
  id: string;
  resolved_at: Date | string | null;
  body: Alert | string;
}

interface DeliveryRow {
  id: string;
  alert_id: string;
  channel: number;
  channel_type: AlertDelivery["channelType"];
  event: AlertDelivery["event"];
  attempt: number;
  at: Date | string;
  outcome: AlertDelivery["outcome"];
  http_status: number | null;
  error: string | null;
}

function toAlert(row: AlertRow): Alert {
  const body = typeof row.body === "string" ? (JSON.parse(row.body) as Alert) : row.body;
  return { ...body, id: row.id, resolvedAt: row.resolved_at === null ? null : iso(row.resolved_at) };
}

function toDelivery(row: DeliveryRow): AlertDelivery {
  return {
    id: row.id,
    alertId: row.alert_id,
    channel: Number(row.channel),
    channelType: row.channel_type,
    event: row.event,
    attempt: Number(row.attempt),
    at: iso(row.at),
    outcome: row.outcome,
    httpStatus: row.http_status === null ? null : Number(row.http_status),
    error: row.error,
  };
}

/** Takes, renews or refuses the lease in one statement, so concurrent servers cannot both win. */
export async function acquireLease(
  db: SqlQueryable,
  monitor: string,
  owner: string,
  now: string,
  until: string,
): Promise<boolean> {
  const rows = await db.query<{ lease_owner: string }>(
    `INSERT INTO monitor_runs (monitor, lease_owner, lease_until, updated_at)
     VALUES ($1, $2, $4::timestamptz, $3::timestamptz)
     ON CONFLICT (monitor) DO UPDATE SET lease_owner = $2, lease_until = $4::timestamptz
       WHERE monitor_runs.lease_owner IS NULL OR monitor_runs.lease_owner = $2
          OR monitor_runs.lease_until <= $3::timestamptz
     RETURNING lease_owner`,
    [monitor, owner, now, until],
  );
  return rows[0]?.lease_owner === owner;
}

export async function releaseLease(db: SqlQueryable, monitor: string, owner: string): Promise<void> {
  await db.query(
    "UPDATE monitor_runs SET lease_owner = NULL, lease_until = NULL WHERE monitor = $1 AND lease_owner = $2",
    [monitor, owner],
  );
}

export async function selectState<S>(db: SqlQueryable, monitor: string): Promise<S | undefined> {
  const rows = await db.query<{ state: S | string }>("SELECT state FROM monitor_runs WHERE monitor = $1", [monitor]);
  const state = rows[0]?.state;
  if (state === undefined) return undefined;
  return typeof state === "string" ? (JSON.parse(state) as S) : state;
}

export async function updateState(
  db: SqlQueryable,
  monitor: string,
  owner: string,
  state: unknown,
  now: string,
): Promise<boolean> {
  const rows = await db.query<{ monitor: string }>(
    `UPDATE monitor_runs SET state = $3::jsonb, updated_at = $4::timestamptz
      WHERE monitor = $1 AND lease_owner = $2 AND lease_until > $4::timestamptz RETURNING monitor`,
    [monitor, owner, jsonParam(state), now],
  );
  return rows.length === 1;
}

export async function insertAlert(db: SqlQueryable, alert: NewAlert): Promise<{ alert: Alert; created: boolean }> {
  const full: Alert = { ...alert, id: randomUUID(), resolvedAt: null, spent: 0, action: null };
  const inserted = await db.query<AlertRow>(
    `INSERT INTO monitor_alerts (id, alert_key, monitor, environment, onset_at, detected_at, body)
     VALUES ($1, $2, $3, $4, $5::timestamptz, $6::timestamptz, $7::jsonb)
     ON CONFLICT (alert_key) DO NOTHING RETURNING id, resolved_at, body`,
    [full.id, full.key, full.monitor, full.environment, full.onsetAt, full.detectedAt, jsonParam(full)],
  );
  const row = inserted[0];
  if (row !== undefined) return { alert: toAlert(row), created: true };
  const existing = await db.query<AlertRow>("SELECT id, resolved_at, body FROM monitor_alerts WHERE alert_key = $1", [
    alert.key,
  ]);
  if (existing[0] === undefined) throw new Error(`Alert "${alert.key}" neither inserted nor found.`);
  return { alert: toAlert(existing[0]), created: false };
}

export async function updateAlertAction(db: SqlQueryable, id: string, action: AlertAction): Promise<Alert> {
  await db.query(
    `UPDATE monitor_alerts SET body = jsonb_set(body, '{action}', $2::jsonb)
      WHERE id = $1 AND body->'action' = 'null'::jsonb`,
    [id, jsonParam(action)],
  );
  return requireAlert(db, id);
}

export async function resolveAlertRow(db: SqlQueryable, id: string, resolvedAt: string, spent: number): Promise<Alert> {
  await db.query(
    `UPDATE monitor_alerts SET resolved_at = $2::timestamptz, body = jsonb_set(body, '{spent}', to_jsonb($3::float8))
      WHERE id = $1 AND resolved_at IS NULL`,
    [id, resolvedAt, spent],
  );
  return requireAlert(db, id);
}

export async function selectAlert(db: SqlQueryable, id: string): Promise<Alert | undefined> {
  const rows = await db.query<AlertRow>("SELECT id, resolved_at, body FROM monitor_alerts WHERE id = $1", [id]);
  return rows[0] === undefined ? undefined : toAlert(rows[0]);
}

async function requireAlert(db: SqlQueryable, id: string): Promise<Alert> {
  const alert = await selectAlert(db, id);
  if (alert === undefined) throw new AppError("NOT_FOUND", `Alert "${id}" does not exist.`);
  return alert;
}

export async function selectAlerts(db: SqlQueryable, filter: AlertFilter): Promise<Alert[]> {
  const rows = await db.query<AlertRow>(
    `SELECT id, resolved_at, body FROM monitor_alerts
      WHERE ($1::text IS NULL OR monitor = $1)
        AND ($2::boolean IS NULL OR ($2 AND resolved_at IS NULL) OR (NOT $2 AND resolved_at IS NOT NULL))
      ORDER BY onset_at DESC, id LIMIT $3`,
    [filter.monitor ?? null, filter.open ?? null, filter.limit ?? 100],
  );
  return rows.map(toAlert);
}

export async function insertDelivery(db: SqlQueryable, delivery: NewAlertDelivery): Promise<AlertDelivery> {
  await requireAlert(db, delivery.alertId);
  const rows = await db.query<DeliveryRow>(
    `INSERT INTO monitor_deliveries (id, alert_id, channel, channel_type, event, attempt, at, outcome, http_status, error)
     VALUES ($1, $2, $3, $4, $5, $6, $7::timestamptz, $8, $9, $10) RETURNING *`,
    [
      randomUUID(),
      delivery.alertId,
      delivery.channel,
      delivery.channelType,
      delivery.event,
      delivery.attempt,
      delivery.at,
      delivery.outcome,
      delivery.httpStatus,
      delivery.error,
    ],
  );
  if (rows[0] === undefined) throw new Error("The delivery was not recorded.");
  return toDelivery(rows[0]);
}

export async function selectDeliveries(db: SqlQueryable, alertId: string): Promise<AlertDelivery[]> {
  const rows = await db.query<DeliveryRow>("SELECT * FROM monitor_deliveries WHERE alert_id = $1 ORDER BY seq", [
    alertId,
  ]);
  return rows.map(toDelivery);
}
