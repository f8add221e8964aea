import type { Flag } from "../model/index.js";

/** The kinds of versioned documents the server ships with. */
export type BuiltInDocumentKind = "flag" | "segment" | "experiment" | "environment" | "service";

/**
 * What kind a versioned document is: a built-in kind or one the server registered (metrics, monitors, channels,
 * schema reviews); the `string` arm keeps the built-ins suggested by editors while staying open.
 */
export type DocumentKind = BuiltInDocumentKind | (string & Record<never, never>);

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
