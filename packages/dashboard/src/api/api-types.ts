import type { Flag } from "@switchboard/core";

/** The role of a personal or admin token. */
export type Role = "viewer" | "editor" | "admin";

/** `GET /me`. */
export interface Me {
  name: string;
  kind: string;
  role: Role;
}

/** A stored document as the API returns it. */
export interface StoredDoc<T> {
  kind: string;
  key: string;
  body: T;
  version: number;
  archived: boolean;
  createdAt: string;
  updatedAt: string;
}

export type FlagDoc = StoredDoc<Flag>;

export interface ListAnswer<T> {
  items: T[];
}

/** One entry of the audit log. */
export interface Change {
  seq: number;
  at: string;
  actor: string;
  action: string;
  subjectKind: string;
  subjectKey: string;
  environment: string | null;
  before: unknown;
  after: unknown;
  reason: string | null;
  version: number | null;
}

export interface Release {
  id: number;
  sha: string;
  environment: string;
  deployedAt: string;
}

/** A point on the timeline. */
export interface Marker {
  kind: "change" | "release";
  at: string;
  environment: string | null;
  title: string;
  change?: Change;
  release?: Release;
}

export interface Schedule {
  id: string;
  planId: string | null;
  flag: string;
  environment: string;
  runAt: string;
  action: Record<string, unknown>;
  status: string;
  createdBy: string;
  reason: string | null;
  error: string | null;
}

export interface Environment {
  name: string;
}

/** `POST /query`. */
export interface QueryAnswer {
  columns: string[];
  rows: unknown[][];
  nextCursor?: string;
  eventsBehind?: unknown[];
}
