import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { AppError, type AppErrorCode, sendAppError } from "../kernel/index.js";
import { methodNotAllowed } from "./method-not-allowed.js";

/** Longest path parameter the router accepts (Fastify's default); longer ones are answered 414. */
export const MAX_PARAM_LENGTH = 100;

/** Installs the one error handler and the not-found handler, both answering `{"error": {...}}`. */
export function installErrorHandling(app: FastifyInstance, bodyLimitBytes: number): void {
  app.setErrorHandler((error: unknown, request, reply) => {
    const appError = toAppError(error, bodyLimitBytes);
    if (appError === undefined) return sendUnexpected(error, request, reply);
    return sendAppError(appError, request, reply);
  });
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split("?")[0] ?? "/";
    const wrongMethod = methodNotAllowed(app, request.method, path);
    if (wrongMethod !== undefined) {
      reply.header("allow", (wrongMethod.meta["allowed"] as string[]).join(", "));
      return sendAppError(wrongMethod, request, reply);
    }
    return sendAppError(new AppError("NOT_FOUND", `No route ${request.method} ${path}.`), request, reply);
  });
}

function sendUnexpected(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  request.log.error({ err: error, requestId: request.id }, "unexpected error");
  const message = `Something went wrong on the server; quote request id ${request.id} when reporting it.`;
  return reply.status(500).send({ error: { code: "INTERNAL", message, details: [], requestId: request.id } });
}

/** Fastify's handler for errors it raises before routing (a bad percent-encoding, an over-long path parameter). */
export function frameworkErrorHandler(
  bodyLimitBytes: number,
): (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => void {
  return (error, request, reply) => {
    const appError = toAppError(error, bodyLimitBytes) ?? new AppError("BAD_REQUEST", "The request cannot be routed.");
    sendAppError(appError, request, reply);
  };
}

const FASTIFY_CODES: Readonly<Record<string, AppErrorCode>> = {
  FST_ERR_BAD_URL: "BAD_REQUEST",
  FST_ERR_MAX_PARAM_LENGTH: "URI_TOO_LONG",
  FST_ERR_CTP_BODY_TOO_LARGE: "PAYLOAD_TOO_LARGE",
  FST_ERR_CTP_INVALID_MEDIA_TYPE: "BAD_REQUEST",
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: "BAD_REQUEST",
  FST_ERR_CTP_EMPTY_JSON_BODY: "BAD_REQUEST",
  FST_ERR_CTP_INVALID_JSON_BODY: "BAD_REQUEST",
};

const STATUS_CODES: Readonly<Record<number, AppErrorCode>> = {
  401: "UNAUTHENTICATED",
  403: "FORBIDDEN",
  404: "NOT_FOUND",
  408: "REQUEST_TIMEOUT",
  409: "CONFLICT",
  413: "PAYLOAD_TOO_LARGE",
  429: "RATE_LIMITED",
};

// Fastify's own client errors (bad JSON, too large, wrong content type) get our shape and a message for people.
function toAppError(error: unknown, bodyLimitBytes: number): AppError | undefined {
  if (error instanceof AppError) return error;
  const fastify = error as Partial<FastifyError>;
  const status = fastify.statusCode;
  if (typeof status !== "number" || status < 400 || status >= 500) return undefined;
  const code = FASTIFY_CODES[fastify.code ?? ""] ?? STATUS_CODES[status] ?? "BAD_REQUEST";
  return new AppError(code, clientMessage(fastify, bodyLimitBytes));
}

function clientMessage(error: Partial<FastifyError>, bodyLimitBytes: number): string {
  switch (error.code) {
    case "FST_ERR_BAD_URL":
      return "The URL holds an invalid percent-encoding (a % not followed by two hex digits); write a literal % as %25.";
    case "FST_ERR_MAX_PARAM_LENGTH":
      return `A path segment of the URL is longer than ${MAX_PARAM_LENGTH} characters; no key or name is that long.`;
    case "FST_ERR_CTP_BODY_TOO_LARGE":
      return `The body is larger than the limit of ${bodyLimitBytes} bytes.`;
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
      return "Unsupported Content-Type; send JSON with Content-Type: application/json.";
    case "FST_ERR_CTP_EMPTY_JSON_BODY":
      return "The body is empty although Content-Type is application/json; send a JSON value or no Content-Type.";
    case "FST_ERR_CTP_INVALID_JSON_BODY":
      return "The body is not valid JSON (or it holds a forbidden __proto__ or constructor.prototype key).";
    default:
      if (error instanceof SyntaxError || /JSON|prototype|constructor/i.test(error.message ?? "")) {
        return `The body is not valid JSON: ${error.message}.`;
      }
      return error.message ?? "Bad request.";
  }
}
