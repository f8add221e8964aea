import type { ErrorDetail, ErrorFields } from "./error-body.js";
import type { WireErrorCode } from "./error-code.js";

/**
 * A non-2xx answer of the API. `fields` is its error body; `undefined` when the answer was not in the API's shape
 * (e.g. a proxy in between answered), and then `code` is `UNKNOWN` and the message names the status.
 */
export class ApiError extends Error {
  override readonly name = "ApiError";
  readonly code: WireErrorCode | "UNKNOWN";
  readonly details: readonly ErrorDetail[];
  readonly requestId: string | undefined;

  constructor(
    readonly status: number,
    readonly fields: ErrorFields | undefined,
  ) {
    super(fields?.message ?? `The server answered ${status}.`);
    this.code = fields?.code ?? "UNKNOWN";
    this.details = fields?.details ?? [];
    this.requestId = fields?.requestId;
  }
}
