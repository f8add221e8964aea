import type { WireErrorCode } from "./error-code.js";

/** One problem of a request, with the path of the field (same style as the flag model's validation). */
export interface ErrorDetail {
  path: string;
  message: string;
}

/**
 * The inside of an error body. Besides code, message and details it may carry machine-readable extras
 * (`currentVersion` on a CONFLICT, `retryAfterSeconds`) and the request id to quote in a report.
 */
export interface ErrorFields {
  code: WireErrorCode;
  message: string;
  details: readonly ErrorDetail[];
  requestId?: string;
  readonly [meta: string]: unknown;
}

/** The JSON body of every error answer of the API: `{"error":{"code","message","details":[{path,message}]}}`. */
export interface ErrorBody {
  error: ErrorFields;
}

/**
 * Reads the error body of an answer, or `undefined` when the JSON is not in the API's error shape (a proxy's
 * page, a problem document). Missing or malformed details become an empty list.
 */
export function readErrorBody(json: unknown): ErrorFields | undefined {
  if (!isObject(json) || !isObject(json["error"])) return undefined;
  const error = json["error"];
  if (typeof error["code"] !== "string" || typeof error["message"] !== "string") return undefined;
  const details = Array.isArray(error["details"]) ? error["details"].filter(isDetail) : [];
  return { ...error, code: error["code"] as WireErrorCode, message: error["message"], details };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isDetail(value: unknown): value is ErrorDetail {
  return isObject(value) && typeof value["path"] === "string" && typeof value["message"] === "string";
}
