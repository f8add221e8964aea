import { type TSchema, Type } from "@sinclair/typebox";
import type { RouteOutput } from "../kernel/index.js";
import type { DocumentWrite, StoredDocument } from "../store/index.js";

/** A stored document as the API returns it: its body, version (also the ETag) and timestamps. */
export function DocumentResponse(body: TSchema) {
  return Type.Object({
    kind: Type.String(),
    key: Type.String(),
    body,
    version: Type.Integer({ minimum: 1 }),
    archived: Type.Boolean(),
    createdAt: Type.String(),
    updatedAt: Type.String(),
  });
}

/** A list answer: `{items: [...]}`. */
export function ListResponse(item: TSchema) {
  return Type.Object({ items: Type.Array(item) });
}

/** One entry of the audit log. */
export const ChangeResponse = Type.Object({
  seq: Type.Integer(),
  at: Type.String(),
  actor: Type.String(),
  action: Type.String(),
  subjectKind: Type.String(),
  subjectKey: Type.String(),
  environment: Type.Union([Type.String(), Type.Null()]),
  before: Type.Unknown(),
  after: Type.Unknown(),
  reason: Type.Union([Type.String(), Type.Null()]),
  version: Type.Union([Type.Integer(), Type.Null()]),
});

/** A release. */
export const ReleaseResponse = Type.Object({
  id: Type.Integer(),
  sha: Type.String(),
  environment: Type.String(),
  deployedAt: Type.String(),
  createdAt: Type.String(),
});

/** A schedule. */
export const ScheduleResponse = Type.Object({
  id: Type.String(),
  planId: Type.Union([Type.String(), Type.Null()]),
  flag: Type.String(),
  environment: Type.String(),
  runAt: Type.String(),
  action: Type.Record(Type.String(), Type.Unknown()),
  status: Type.String(),
  createdBy: Type.String(),
  reason: Type.Union([Type.String(), Type.Null()]),
  error: Type.Union([Type.String(), Type.Null()]),
  appliedAt: Type.Union([Type.String(), Type.Null()]),
});

/** A token without its hash. */
export const TokenResponse = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  name: Type.String(),
  role: Type.Union([Type.String(), Type.Null()]),
  environment: Type.Union([Type.String(), Type.Null()]),
  prefix: Type.String(),
  createdAt: Type.String(),
  revokedAt: Type.Union([Type.String(), Type.Null()]),
});

/** A document answer with its version as ETag. */
export function documentOutput<T>(doc: StoredDocument<T>, status?: number): RouteOutput {
  return { body: doc, version: doc.version, ...(status === undefined ? {} : { status }) };
}

/** The answer of a document write. */
export function writeOutput<T>(write: DocumentWrite<T>, status?: number): RouteOutput {
  return documentOutput(write.document, status);
}

/** A list answer. */
export function listOutput(items: readonly unknown[]): RouteOutput {
  return { body: { items } };
}
