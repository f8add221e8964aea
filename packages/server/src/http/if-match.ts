import { AppError } from "../kernel/index.js";

const VERSION_TAG = /^(?:W\/)?"?(0|[1-9][0-9]{0,14})"?$/;

/** The version an If-Match header names (`"3"`, `W/"3"` or `3`), undefined without one; BAD_REQUEST otherwise. */
export function parseIfMatch(header: string | string[] | undefined): number | undefined {
  if (header === undefined) return undefined;
  const match = typeof header === "string" ? VERSION_TAG.exec(header.trim()) : null;
  if (match?.[1] === undefined) {
    throw new AppError("BAD_REQUEST", 'If-Match must name one version, as in the ETag you read, e.g. If-Match: "3".');
  }
  const version = Number(match[1]);
  // A well-formed tag that no document can carry: say why, rather than calling the header malformed.
  if (version === 0) {
    throw new AppError(
      "BAD_REQUEST",
      `If-Match: ${match[0]} names no version: versions start at 1 (a new document is version 1). ` +
        'Send the ETag of the version you read, e.g. If-Match: "1".',
    );
  }
  return version;
}

/** The ETag of a document version. */
export function etagOf(version: number): string {
  return `"${version}"`;
}
