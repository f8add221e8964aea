import type { ServerResponse } from "node:http";
import type { Socket } from "node:net";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { AppError } from "../kernel/index.js";
import { CORS_HEADERS, lastEventIdOf, sendError } from "./http-helpers.js";
import type { SdkReader } from "./sdk-auth.js";
import type { SdkServing } from "./sdk-serving.js";
import { SSE_HEADERS } from "./sse-messages.js";
import type { StreamFormat, StreamSubscriber } from "./stream-channel.js";

type StreamRequest = FastifyRequest<{
  Querystring: { lastEventId?: string; sdkKey?: unknown };
  Params: { clientKey?: string };
}>;

/**
 * `GET /api/v1/sdk/stream` (bearer SDK key, or a client key as `?sdkKey=` for browsers' EventSource, which cannot
 * send headers): Server-Sent Events with the full payload first, then a `patch` or `payload` event per change,
 * resumable with `Last-Event-ID`. GrowthBook's `GET /sub/:clientKey` sends its `features` events from the same
 * fan-out.
 */
export function registerStreamRoutes(app: FastifyInstance, serving: SdkServing): void {
  const clientStreamHeaders = { ...SSE_HEADERS, ...CORS_HEADERS };
  app.get("/api/v1/sdk/stream", async (request: StreamRequest, reply) => {
    try {
      const reader = await streamReader(serving, request);
      const headers = reader.audience === "client" ? clientStreamHeaders : SSE_HEADERS;
      await openStream(serving, request, reply, reader, "switchboard", headers);
    } catch (error) {
      if (!reply.sent) return sendError(request, reply, error);
    }
  });

  const growthbookHeaders = { ...SSE_HEADERS, ...CORS_HEADERS };
  app.get("/sub/:clientKey", async (request: StreamRequest, reply) => {
    try {
      const reader = await serving.sdkAuth.clientKeyReader(request.params.clientKey ?? "", request.ip);
      await openStream(serving, request, reply, reader, "growthbook", growthbookHeaders);
    } catch (error) {
      if (!reply.sent) return sendError(request, reply.headers(CORS_HEADERS), error);
    }
  });
}

/**
 * The bearer key, else the `sdkKey` query: a client key only, as on GrowthBook's key-in-URL endpoints (its answer is
 * public, the key is in every page that uses it; a server key in a URL would end up in proxies' logs).
 */
function streamReader(serving: SdkServing, request: StreamRequest) {
  const key = request.query.sdkKey;
  if (key === undefined || request.headers.authorization !== undefined) return serving.bearerReader(request);
  if (typeof key !== "string" || key === "") {
    throw new AppError(
      "BAD_REQUEST",
      "Give one client SDK key as `?sdkKey=<key>`, or send `Authorization: Bearer <key>`.",
      [{ path: "sdkKey", message: "one non-empty client SDK key" }],
    );
  }
  return serving.sdkAuth.clientKeyReader(key, request.ip);
}

async function openStream(
  serving: SdkServing,
  request: StreamRequest,
  reply: FastifyReply,
  reader: SdkReader,
  format: StreamFormat,
  headers: Readonly<Record<string, string>>,
): Promise<void> {
  const lastEventId = lastEventIdOf(request);
  const { environment, audience, principal } = reader;
  const wanted = { tokenId: principal.tokenId, environment, audience, format, lastEventId };
  await serving.hub.connect(wanted, () => {
    reply.hijack();
    const response = reply.raw;
    const socket = response.socket;
    // The stream ends with the connection, so it needs no chunked framing: each event is one plain socket write.
    response.useChunkedEncodingByDefault = false;
    response.shouldKeepAlive = false;
    response.writeHead(200, headers);
    response.flushHeaders();
    const subscriber = socket === null ? responseSubscriber(response, format) : socketSubscriber(socket, format);
    const forget = (): void => serving.hub.disconnect(subscriber);
    response.once("close", forget);
    // The client may already be gone; the hub adds the subscriber right after this returns.
    if (socket === null || socket.destroyed) queueMicrotask(forget);
    return subscriber;
  });
}

function socketSubscriber(socket: Socket, format: StreamFormat): StreamSubscriber {
  return {
    format,
    get writableLength() {
      return socket.writableLength;
    },
    write: (message) => void socket.write(message),
    end: (message) => void (message === undefined ? socket.end() : socket.end(message)),
    destroy: () => void socket.destroy(),
  };
}

function responseSubscriber(response: ServerResponse, format: StreamFormat): StreamSubscriber {
  return {
    format,
    get writableLength() {
      return response.writableLength;
    },
    write: (message) => void response.write(message),
    end: (message) => void (message === undefined ? response.end() : response.end(message)),
    destroy: () => void response.destroy(),
  };
}
