import type {
  Change,
  DocumentKind,
  Release,
  Role,
  Schedule,
  ScheduleStatus,
  StoredDocument,
  TokenKind,
  TokenRecord,
} from "./config-store.js";

/** The row shapes the SQL adapters return and their mapping to the port's types (timestamps out as ISO strings). */
export interface DocumentRow {
  kind: string;
  key: string;
  body: unknown;
  version: number | string;
  archived: boolean;
  created_at: Date | string;
  updated_at: Date | string;
}

export interface ChangeRow {
  seq: number | string | bigint;
  at: Date | string;
  actor: string;
  action: string;
  subject_kind: string;
  subject_key: string;
  environment: string | null;
  before: unknown;
  after: unknown;
  reason: string | null;
  version: number | null;
}

export interface ReleaseRow {
  id: number | string | bigint;
  sha: string;
  environment: string;
  deployed_at: Date | string;
  created_at: Date | string;
}

export interface TokenRow {
  id: string;
  kind: string;
  name: string;
  role: string | null;
  environment: string | null;
  hash: string;
  prefix: string;
  created_at: Date | string;
  revoked_at: Date | string | null;
}

export interface ScheduleRow {
  id: string;
  plan_id: string | null;
  flag: string;
  environment: string;
  run_at: Date | string;
  action: Record<string, unknown>;
  status: string;
  created_by: string;
  reason: string | null;
  error: string | null;
  applied_at: Date | string | null;
}

/** Formats a database timestamp as an ISO string. */
export function iso(value: Date | string): string {
  return (value instanceof Date ? value : new Date(value)).toISOString();
}

/** Encodes a value for a `$n::jsonb` parameter (drivers would turn arrays into PostgreSQL arrays otherwise). */
export function jsonParam(value: unknown): string | null {
  return value === undefined || value === null ? null : JSON.stringify(value);
}

export function toDocument<T>(row: DocumentRow): StoredDocument<T> {
  return {
    kind: row.kind as DocumentKind,
    key: row.key,
    body: row.body as T,
    version: Number(row.version),
    archived: row.archived,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

export function toChange(row: ChangeRow): Change {
  return {
    seq: Number(row.seq),
    at: iso(row.at),
    actor: row.actor,
    action: row.action,
    subjectKind: row.subject_kind,
    subjectKey: row.subject_key,
    environment: row.environment,
    before: row.before ?? null,
    after: row.after ?? null,
    reason: row.reason,
    version: row.version === null ? null : Number(row.version),
  };
}

export function toRelease(row: ReleaseRow): Release {
  return {
    id: Number(row.id),
    sha: row.sha,
    environment: row.environment,
    deployedAt: iso(row.deployed_at),
    createdAt: iso(row.created_at),
  };
}

export function toToken(row: TokenRow): TokenRecord {
  return {
    id: row.id,
    kind: row.kind as TokenKind,
    name: row.name,
    role: row.role as Role | null,
    environment: row.environment,
    hash: row.hash,
    prefix: row.prefix,
    createdAt: iso(row.created_at),
    revokedAt: row.revoked_at === null ? null : iso(row.revoked_at),
  };
}

export function toSchedule(row: ScheduleRow): Schedule {
  return {
    id: row.id,
    planId: row.plan_id,
    flag: row.flag,
    environment: row.environment,
    runAt: iso(row.run_at),
    action: row.action,
    status: row.status as ScheduleStatus,
    createdBy: row.created_by,
    reason: row.reason,
    error: row.error,
    appliedAt: row.applied_at === null ? null : iso(row.applied_at),
  };
}
