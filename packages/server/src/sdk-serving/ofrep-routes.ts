import type { Evaluator } from "@switchboard/core";
import type { FastifyError, FastifyInstance, FastifyRequest } from "fastify";
import { type CompiledPayload, encodeBody, evaluatorOf } from "./compiled-payload.js";
import { allowBrowsersFor, sendEncoded } from "./http-helpers.js";
import { sendOfrepError } from "./ofrep-errors.js";
import { evaluateOfrep, isOfrepFailure, type OfrepResult, ofrepAttributes } from "./ofrep-evaluation.js";
import type { SdkReader } from "./sdk-auth.js";
import type { SdkServing } from "./sdk-serving.js";

/**
 * The OpenFeature Remote Evaluation Protocol: `POST /ofrep/v1/evaluate/flags/:key` and the bulk
 * `POST /ofrep/v1/evaluate/flags` (with ETag). Flags are evaluated here, so clients get values without seeing rules;
 * a client key evaluates its own (client) payload, so it learns nothing its payload does not already show.
 */
export async function ofrepRoutes(app: FastifyInstance, serving: SdkServing): Promise<void> {
  // Body parse failures are part of the protocol (PARSE_ERROR), not the API's generic 400.
  app.setErrorHandler((error: FastifyError, _request, reply) => {
    if (error.statusCode === 400 || error.code?.startsWith("FST_ERR_CTP")) {
      return reply.code(400).send({ errorCode: "PARSE_ERROR", errorDetails: error.message });
    }
    throw error;
  });
  // The key is checked when the headers arrive, before the body is read; the handlers then find it cached.
  app.addHook("onRequest", async (request, reply) => {
    try {
      await serving.bearerReader(request);
    } catch (error) {
      return sendOfrepError(reply, error, flagKeyOf(request));
    }
  });

  app.post<{ Params: { key: string } }>("/ofrep/v1/evaluate/flags/:key", async (request, reply) => {
    try {
      const { evaluator, reader, compiled } = await evaluatorFor(serving, request);
      allowBrowsersFor(reply, reader.audience);
      const key = request.params.key;
      const attributes = ofrepAttributes(request.body);
      if (typeof attributes === "string") {
        return reply.code(400).send({ key, errorCode: "INVALID_CONTEXT", errorDetails: attributes });
      }
      const result = visible(reader, compiled, key) ? evaluateOfrep(evaluator, key, attributes) : notFound(key);
      if (!isOfrepFailure(result)) return reply.send(result);
      return reply.code(result.errorCode === "FLAG_NOT_FOUND" ? 404 : 400).send(result);
    } catch (error) {
      return sendOfrepError(reply, error, request.params.key);
    }
  });

  app.post("/ofrep/v1/evaluate/flags", async (request, reply) => {
    try {
      const { evaluator, reader, compiled } = await evaluatorFor(serving, request);
      allowBrowsersFor(reply, reader.audience);
      const attributes = ofrepAttributes(request.body);
      if (typeof attributes === "string") {
        return reply.code(400).send({ errorCode: "INVALID_CONTEXT", errorDetails: attributes });
      }
      const keys = reader.audience === "client" ? clientKeys(compiled) : evaluator.flagKeys;
      const flags: OfrepResult[] = keys.map((key) => evaluateOfrep(evaluator, key, attributes));
      return sendEncoded(request, reply, encodeBody(Buffer.from(JSON.stringify({ flags }))));
    } catch (error) {
      return sendOfrepError(reply, error);
    }
  });
}

async function evaluatorFor(
  serving: SdkServing,
  request: FastifyRequest,
): Promise<{ evaluator: Evaluator; reader: SdkReader; compiled: CompiledPayload }> {
  const reader = await serving.bearerReader(request);
  // A client key could ask about any id of its choosing: evaluating the server payload would make OFREP a membership
  // oracle for private id lists, so each audience evaluates the payload it may read.
  const compiled = await serving.payloads.latest(reader.environment, reader.audience);
  return { evaluator: evaluatorOf(compiled), reader, compiled };
}

function flagKeyOf(request: FastifyRequest): string | undefined {
  const params = request.params as { key?: unknown } | undefined;
  return typeof params?.key === "string" ? params.key : undefined;
}

function visible(reader: SdkReader, compiled: CompiledPayload, key: string): boolean {
  return reader.audience === "server" || compiled.clientVisibleKeys.has(key);
}

function clientKeys(compiled: CompiledPayload): string[] {
  return Object.keys(compiled.payload.features ?? {}).filter((key) => compiled.clientVisibleKeys.has(key));
}

function notFound(key: string): OfrepResult {
  return { key, errorCode: "FLAG_NOT_FOUND", errorDetails: `flag "${key}" was not found` };
}
