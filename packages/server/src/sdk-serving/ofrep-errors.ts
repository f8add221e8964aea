import type { FastifyReply } from "fastify";
import { AppError, HTTP_STATUS } from "../kernel/index.js";

/**
 * Sends an expected failure on an OFREP endpoint in OFREP's own error shape (`{errorCode, errorDetails}`, with the
 * flag's `key` on the single-flag endpoint) and the API's HTTP status, so an OFREP provider shows the reason
 * ("This token has been revoked.") instead of an empty GENERAL. Anything else is left to the app's error handler.
 */
export function sendOfrepError(reply: FastifyReply, error: unknown, key?: string): FastifyReply {
  if (!(error instanceof AppError)) throw error;
  const retryAfter = error.meta["retryAfterSeconds"];
  if (typeof retryAfter === "number") reply.header("retry-after", String(Math.ceil(retryAfter)));
  const body = { errorCode: "GENERAL", errorDetails: error.message };
  return reply.code(HTTP_STATUS[error.code]).send(key === undefined ? body : { key, ...body });
}
