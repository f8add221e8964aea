import { type ServerResponse, STATUS_CODES } from "node:http";
import type { Socket } from "node:net";
import type { ConnectionError } from "fastify";
import { AppError, errorBody, HTTP_STATUS } from "../kernel/index.js";

/**
 * Node's `clientError` handler: bytes that are not valid HTTP, headers over the size limit and requests not received
 * in time never reach Fastify's error handler, so this writes the same `{"error": {...}}` shape as a raw HTTP/1.1
 * answer and closes the connection.
 */
export function createClientErrorHandler(requestTimeoutMs: number): (error: ConnectionError, socket: Socket) => void {
  return (error, socket) => {
    if (error.code === "ECONNRESET" || socket.destroyed) return;
    const inFlight = inFlightResponse(socket);
    if (inFlight?.req.complete) return closeAfter(inFlight, socket);
    // The error is in the request being answered (its body, its timeout): answer it, unless its answer has begun.
    if (socket.writable && !inFlight?.headersSent) socket.write(rawAnswer(appErrorOf(error, requestTimeoutMs)));
    socket.destroy();
  };
}

// Node keeps the response being produced for the socket's last parsed request on `_httpMessage`.
function inFlightResponse(socket: Socket): ServerResponse | undefined {
  const response = (socket as Socket & { _httpMessage?: ServerResponse | null })._httpMessage;
  return response && !response.writableFinished ? response : undefined;
}

/**
 * The bytes after a complete request could not be parsed, but that request was applied: its answer must reach the
 * client rather than be replaced by a parse error, so the connection closes only once that answer has been sent.
 */
function closeAfter(response: ServerResponse, socket: Socket): void {
  if (!response.headersSent) response.shouldKeepAlive = false;
  const close = (): void => {
    socket.end();
  };
  response.once("finish", close);
  response.once("close", close);
}

function appErrorOf(error: ConnectionError, requestTimeoutMs: number): AppError {
  switch (error.code) {
    case "ERR_HTTP_REQUEST_TIMEOUT":
      return new AppError(
        "REQUEST_TIMEOUT",
        `The request was not received in full within ${requestTimeoutMs} ms; send it again without pausing mid-request.`,
      );
    case "HPE_HEADER_OVERFLOW":
      return new AppError(
        "HEADERS_TOO_LARGE",
        "The request line and headers are larger than the server accepts; shorten the URL's query string or the headers.",
      );
    default: {
      const reason = "reason" in error && typeof error.reason === "string" ? error.reason : error.message;
      return new AppError(
        "BAD_REQUEST",
        `The request is not valid HTTP/1.1 (${error.code ?? "parse error"}: ${reason}).`,
      );
    }
  }
}

function rawAnswer(error: AppError): string {
  const status = HTTP_STATUS[error.code];
  const body = JSON.stringify(errorBody(error));
  return [
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? "Error"}`,
    "Content-Type: application/json; charset=utf-8",
    `Content-Length: ${Buffer.byteLength(body)}`,
    "Connection: close",
    "",
    body,
  ].join("\r\n");
}
