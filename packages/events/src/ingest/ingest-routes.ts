import { AppError, type ErrorDetail } from "@switchboard/core";
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest, FastifySchema } from "fastify";
import { DEFAULT_EVENTS_CONFIG, type EventsConfig } from "../events-config.js";
import type { Clock } from "../ports/clock.js";
import type { EnvironmentDirectory } from "../ports/environment-directory.js";
import type { IngestAuthenticator } from "../ports/ingest-authenticator.js";
import type { EventStore } from "../store/event-store.js";
import { assertIngestEnvironment } from "./assert-ingest-environment.js";
import { type DecodedBody, decodeJson, decodeNdjson, inflateBody } from "./decode-body.js";
import { type IngestCaller, ingestEnvironment } from "./ingest-auth.js";
import { allowBrowsersFor, registerIngestPreflight } from "./ingest-cors.js";
import { IngestService } from "./ingest-service.js";
import { eventsFromOtlpLogs } from "./otlp-logs.js";
import { atOtlpPaths, ingestWindow } from "./otlp-mapping.js";
import { decodeOtlpProtobuf, encodeOtlpResponse, type OtlpSignal, preloadOtlpProtobuf } from "./otlp-protobuf.js";
import { eventsFromOtlpTraces } from "./otlp-traces.js";

/** What the ingest endpoints need. */
export interface IngestRouteDeps {
  auth: IngestAuthenticator;
  /** Where the environments an admin token may name are looked up. */
  environments: EnvironmentDirectory;
  events: EventStore;
  eventsConfig?: EventsConfig;
  /** Bounds the times OTLP items may carry (the wall clock when absent). */
  clock?: Clock;
}

declare module "fastify" {
  interface FastifyRequest {
    /** Ingest routes: the authenticated caller (set in onRequest, before the body is read). */
    ingestCaller: IngestCaller | null;
  }
}

// Read by the OpenAPI document builder for routes outside the control route table.
const INGEST_SCHEMA = { summary: "Ingest a batch of wide events and exposures" } as FastifySchema;

const OTLP_MEDIA_HINT =
  "OTLP/HTTP takes application/x-protobuf or application/json; configure the exporter with OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf (or http/json).";

/**
 * The ingest endpoints: `POST /api/v1/events` (JSON array or NDJSON of wide events and exposures, gzip accepted)
 * and OTLP/HTTP (protobuf or JSON) at `POST /v1/traces` and `POST /v1/logs`. A 2xx answer means the stored items are durable.
 * @example app.register(ingestRoutes, { auth, environments, events, eventsConfig })
 */
export const ingestRoutes: FastifyPluginAsync<IngestRouteDeps> = async (app, deps) => {
  const config = deps.eventsConfig ?? DEFAULT_EVENTS_CONFIG;
  const service = new IngestService(deps.events, config);
  app.removeAllContentTypeParsers();
  app.addContentTypeParser("*", { parseAs: "buffer", bodyLimit: config.maxBodyBytes }, (_request, body, done) => {
    done(null, body);
  });

  // The caller is checked in onRequest, before a byte of the body is read or inflated: a request without a valid
  // key costs the server nothing but its headers.
  app.decorateRequest("ingestCaller", null);
  const onRequest = async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const caller = await callerOf(deps.auth, request);
    allowBrowsersFor(reply, caller);
    await assertIngestEnvironment(deps.environments, caller, requestedEnvironment(request));
    request.ingestCaller = caller;
  };
  const routeOptions = { bodyLimit: config.maxBodyBytes, onRequest };

  registerIngestPreflight(app, ["/api/v1/events", "/v1/traces", "/v1/logs"]);

  app.post("/api/v1/events", { ...routeOptions, schema: INGEST_SCHEMA }, async (request, reply) => {
    const caller = authenticatedCaller(request);
    const text = await bodyText(request, config);
    const body = isNdjson(request) ? decodeNdjson(text) : decodeJson(text);
    return answer(reply, await ingest(service, request, caller, body, config));
  });

  preloadOtlpProtobuf();
  for (const [url, signal, map] of [
    ["/v1/traces", "traces", eventsFromOtlpTraces],
    ["/v1/logs", "logs", eventsFromOtlpLogs],
  ] as const) {
    app.post(url, routeOptions, async (request, reply) => {
      const encoding = otlpEncoding(request);
      if (encoding === undefined) return unsupportedMedia(request, reply);
      const caller = authenticatedCaller(request);
      const body = await bodyBuffer(request, config, `an OTLP ${signal} export`);
      const decoded =
        encoding === "protobuf" ? decodeOtlpProtobuf(signal, body) : decodeJson(body.toString("utf8")).values[0];
      const mapping = map(decoded, ingestWindow(deps.clock?.now() ?? new Date()));
      const outcome = await ingest(service, request, caller, { values: mapping.values, errors: [] }, config, true);
      const rejected = [...mapping.rejected, ...atOtlpPaths(outcome.rejected, mapping.paths)];
      return otlpAnswer(reply, signal, encoding, rejected);
    });
  }
};

// The OTLP answer in the request's encoding: `partialSuccess` with the rejected count and the first reasons.
function otlpAnswer(
  reply: FastifyReply,
  signal: OtlpSignal,
  encoding: "protobuf" | "json",
  rejected: readonly ErrorDetail[],
): FastifyReply {
  const errorMessage = rejected
    .slice(0, 10)
    .map((d) => `${d.path} ${d.message}`)
    .join("; ");
  if (encoding === "protobuf") {
    const body = Buffer.from(encodeOtlpResponse(signal, rejected.length, errorMessage));
    return reply.status(200).type("application/x-protobuf").send(body);
  }
  const field = signal === "traces" ? "rejectedSpans" : "rejectedLogRecords";
  const partialSuccess = rejected.length === 0 ? {} : { [field]: rejected.length, errorMessage };
  return reply.status(200).send({ partialSuccess });
}

async function ingest(
  service: IngestService,
  request: FastifyRequest,
  caller: IngestCaller,
  body: DecodedBody,
  config: EventsConfig,
  partialByDefault = config.partialByDefault,
) {
  const query = request.query as Record<string, string | undefined>;
  const partial = query["partial"] === undefined ? partialByDefault : query["partial"] === "true";
  const key = request.headers["idempotency-key"];
  const batchId = typeof key === "string" ? key : undefined;
  return service.ingestBatch({ ...caller, batchId, body, partial });
}

function answer(reply: FastifyReply, outcome: Awaited<ReturnType<IngestService["ingestBatch"]>>): FastifyReply {
  const note = outcome.batchIdGenerated
    ? { note: "No Idempotency-Key was sent, so the server generated this batch id; send one to make retries safe." }
    : {};
  return reply.status(200).send({
    batchId: outcome.batchId,
    batchIdGenerated: outcome.batchIdGenerated,
    stored: outcome.stored,
    duplicate: outcome.duplicate,
    rejected: outcome.rejected,
    ...note,
  });
}

function authenticatedCaller(request: FastifyRequest): IngestCaller {
  if (request.ingestCaller === null)
    throw new AppError("UNAUTHENTICATED", "Send an SDK key as `Authorization: Bearer <key>`.");
  return request.ingestCaller;
}

async function callerOf(auth: IngestAuthenticator, request: FastifyRequest): Promise<IngestCaller> {
  return ingestEnvironment(auth, request.headers.authorization, request.ip, requestedEnvironment(request));
}

function requestedEnvironment(request: FastifyRequest): string | undefined {
  return (request.query as Record<string, string | undefined>)["environment"];
}

async function bodyText(request: FastifyRequest, config: EventsConfig): Promise<string> {
  return (await bodyBuffer(request, config, "a JSON array or NDJSON of items")).toString("utf8");
}

// The request body, inflated when it is gzip (bounded by the body limit).
async function bodyBuffer(request: FastifyRequest, config: EventsConfig, expected: string): Promise<Buffer> {
  if (!Buffer.isBuffer(request.body)) throw new AppError("BAD_REQUEST", `Send a body: ${expected}.`);
  const encoding = request.headers["content-encoding"];
  return inflateBody(request.body, typeof encoding === "string" ? encoding : undefined, config.maxBodyBytes);
}

function contentType(request: FastifyRequest): string {
  return (request.headers["content-type"] ?? "").toLowerCase();
}

function isNdjson(request: FastifyRequest): boolean {
  const type = contentType(request);
  return type.includes("ndjson") || type.includes("jsonl") || type.includes("json-seq");
}

// OTLP/HTTP's two encodings; no Content-Type is read as JSON (as before protobuf was accepted), others are refused.
function otlpEncoding(request: FastifyRequest): "protobuf" | "json" | undefined {
  const type = contentType(request).split(";")[0]?.trim() ?? "";
  if (type === "application/x-protobuf" || type === "application/protobuf") return "protobuf";
  if (type === "" || type.endsWith("/json") || type.endsWith("+json")) return "json";
  return undefined;
}

function unsupportedMedia(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const type = contentType(request);
  return reply.status(415).send({
    error: {
      code: "UNSUPPORTED_MEDIA_TYPE",
      message: `Content-Type "${type}" is not supported here. ${OTLP_MEDIA_HINT}`,
      details: [],
      requestId: request.id,
    },
  });
}

/** Registers the ingest endpoints in their own scope (they take raw bodies, unlike the JSON-only control API). */
export async function registerIngestRoutes(app: FastifyInstance, deps: IngestRouteDeps): Promise<void> {
  await app.register(ingestRoutes, deps);
}
