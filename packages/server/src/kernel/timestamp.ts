import { Type } from "@sinclair/typebox";
import { validationFailed } from "./parse-input.js";

/** Pattern of the ISO 8601 timestamps the API takes, e.g. `2025-06-01T09:00:00Z`. */
const TIMESTAMP_PATTERN = "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:\\d{2})$";

/** A timestamp schema (checked again with `Date.parse`, since the pattern accepts month 13). */
export const Timestamp = (description: string) => Type.String({ pattern: TIMESTAMP_PATTERN, description });

/** Milliseconds of a timestamp that matched the pattern, or a VALIDATION_FAILED naming `path`. */
export function timestampMs(value: string, path: string): number {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw validationFailed([{ path, message: `${JSON.stringify(value)} is not a real date` }]);
  return ms;
}
