import type { Flag } from "../model/index.js";

/** What kinds of versioned documents the config store keeps. */
export type DocumentKind = "flag" | "segment" | "experiment" | "environment" | "service";

/** A document as stored and returned: its body (a model object), a version bumped on every write, an archive mark. */
export interface StoredDocument<T = unknown> {
  kind: DocumentKind;
  key: string;
  body: T;
  version: number;
  archived: boolean;
  createdAt: string;
  updatedAt: string;
}

/** The answer of every list endpoint: `{"items": [...]}`. */
export interface ListAnswer<T> {
  items: T[];
}

/** An environment as `GET /environments` lists it. */
export interface Environment {
  name: string;
}

/** A flag as the API returns it. */
export type FlagDocument = StoredDocument<Flag>;
