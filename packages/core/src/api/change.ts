import type { Release } from "./release.js";

/** One entry of the append-only change log (the audit log); also a marker on every graph. */
export interface Change {
  /** Strictly increasing over the whole cluster; SSE event ids and `Last-Event-ID` are these. */
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
  /** The document's version after the change, when the change wrote a document. */
  version: number | null;
}

/** A point on the timeline (`GET /markers`): a change, or a release deployed to an environment. */
export type Marker =
  | { kind: "change"; at: string; environment: string | null; title: string; change: Change }
  | { kind: "release"; at: string; environment: string; title: string; release: Release };
