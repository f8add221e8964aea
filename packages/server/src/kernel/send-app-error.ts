import type { FastifyReply, FastifyRequest } from "fastify";
import { type AppError, errorBody, HTTP_STATUS } from "./app-error.js";

/** Answers an expected failure with its status, a Retry-After when rate-limited, and the request id. */
export function sendAppError(error: AppError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const retryAfter = error.meta["retryAfterSeconds"];
  // Retry-After takes whole seconds; rounding up never invites a retry that is refused again.
  if (typeof retryAfter === "number") reply.header("retry-after", String(Math.ceil(retryAfter)));
  return reply.status(HTTP_STATUS[error.code]).send(errorBody(error, request.id));
}
