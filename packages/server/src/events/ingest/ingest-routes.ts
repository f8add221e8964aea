import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest, FastifySchema } from "fastify";
import type { Authenticator } from "../../auth/authenticator.js";
import { AppError } from "../../errors/app-error.js";
import { DEFAULT_EVENTS_CONFIG, type EventsConfig } from "../events-config.js";
import type { EventStore } from "../store/event-store.js";
import { type DecodedBody, decodeJson, decodeNdjson, inflateBody } from "./decode-body.js";
import { ingestEnvironment } from "./ingest-auth.js";
import { IngestService } from "./ingest-service.js";
import { eventsFromOtlpLogs } from "./otlp-logs.js";
import { eventsFromOtlpTraces } from "./otlp-traces.js";

/** What the ingest endpoints need. */
export interface IngestRouteDeps {
  auth: Authenticator;
  events: EventStore;
  eventsConfig?: EventsConfig;
}

// Read by the OpenAPI document builder for routes outside the control route table.
const INGEST_SCHEMA = { summary: "Ingest a batch of wide events and exposures" } as FastifySchema;

const PROTOBUF_MESSAGE =
  "OTLP/HTTP protobuf is not supported; configure the exporter for http/json (OTEL_EXPORTER_OTLP_PROTOCOL=http/json).";

/**
 * The ingest endpoints: `POST /api/v1/events` (JSON array or NDJSON of wide events and exposures, gzip accepted)
 * and OTLP/HTTP JSON at `POST /v1/traces` and `POST /v1/logs`. A 2xx answer means the stored items are durable.
 * @example app.register(ingestRoutes, { auth, events, eventsConfig })
 */
export const ingestRoutes: FastifyPluginAsync<IngestRouteDeps> = async (app, deps) => {
  const config = deps.eventsConfig ?? DEFAULT_EVENTS_CONFIG;
  const service = new IngestService(deps.events, config);
  app.removeAllContentTypeParsers();
  app.addContentTypeParser("*", { parseAs: "buffer", bodyLimit: config.maxBodyBytes }, (_request, body, done) => {
    done(null, body);
  });
  const routeOptions = { bodyLimit: config.maxBodyBytes };

  app.post("/api/v1/events", { ...routeOptions, schema: INGEST_SCHEMA }, async (request, reply) => {
    const environment = await environmentOf(deps.auth, request);
    const text = await bodyText(request, config);
    const body = isNdjson(request) ? decodeNdjson(text) : decodeJson(text);
    return answer(reply, await ingest(service, request, environment, body, config));
  });

  for (const [url, map] of [
    ["/v1/traces", eventsFromOtlpTraces],
    ["/v1/logs", eventsFromOtlpLogs],
  ] as const) {
    app.post(url, routeOptions, async (request, reply) => {
      if (contentType(request).includes("protobuf")) return unsupportedMedia(request, reply);
      const environment = await environmentOf(deps.auth, request);
      const values = map(decodeJson(await bodyText(request, config)).values[0]);
      const outcome = await ingest(service, request, environment, { values, errors: [] }, config, true);
      const rejected = outcome.rejected.length;
      const field = url === "/v1/traces" ? "rejectedSpans" : "rejectedLogRecords";
      const partialSuccess =
        rejected === 0
          ? {}
          : {
              [field]: rejected,
              errorMessage: outcome.rejected
                .slice(0, 10)
                .map((d) => `${d.path} ${d.message}`)
                .join("; "),
            };
      return reply.status(200).send({ partialSuccess });
    });
  }
};

async function ingest(
  service: IngestService,
  request: FastifyRequest,
  environment: string,
  body: DecodedBody,
  config: EventsConfig,
  partialByDefault = config.partialByDefault,
) {
  const query = request.query as Record<string, string | undefined>;
  const partial = query["partial"] === undefined ? partialByDefault : query["partial"] === "true";
  const key = request.headers["idempotency-key"];
  return service.ingestBatch({ environment, batchId: typeof key === "string" ? key : undefined, body, partial });
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

async function environmentOf(auth: Authenticator, request: FastifyRequest): Promise<string> {
  const environment = (request.query as Record<string, string | undefined>)["environment"];
  return ingestEnvironment(auth, request.headers.authorization, request.ip, environment);
}

async function bodyText(request: FastifyRequest, config: EventsConfig): Promise<string> {
  if (!Buffer.isBuffer(request.body))
    throw new AppError("BAD_REQUEST", "Send a body: a JSON array or NDJSON of items.");
  const encoding = request.headers["content-encoding"];
  return (
    await inflateBody(request.body, typeof encoding === "string" ? encoding : undefined, config.maxBodyBytes)
  ).toString("utf8");
}

function contentType(request: FastifyRequest): string {
  return (request.headers["content-type"] ?? "").toLowerCase();
}

function isNdjson(request: FastifyRequest): boolean {
  const type = contentType(request);
  return type.includes("ndjson") || type.includes("jsonl") || type.includes("json-seq");
}

function unsupportedMedia(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  return reply.status(415).send({
    error: { code: "UNSUPPORTED_MEDIA_TYPE", message: PROTOBUF_MESSAGE, details: [], requestId: request.id },
  });
}

/** Registers the ingest endpoints in their own scope (they take raw bodies, unlike the JSON-only control API). */
export async function registerIngestRoutes(app: FastifyInstance, deps: IngestRouteDeps): Promise<void> {
  await app.register(ingestRoutes, deps);
}
