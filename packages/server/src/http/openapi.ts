import type { TSchema } from "@sinclair/typebox";
import { VERSION } from "@switchboard/core";
import type { RouteSpec } from "../kernel/index.js";
import { API_PREFIX } from "./register-control-routes.js";

const ErrorSchema = {
  type: "object",
  required: ["error"],
  properties: {
    error: {
      type: "object",
      required: ["code", "message", "details"],
      properties: {
        code: { type: "string" },
        message: { type: "string" },
        details: {
          type: "array",
          items: { type: "object", properties: { path: { type: "string" }, message: { type: "string" } } },
        },
        requestId: { type: "string" },
        currentVersion: { type: "integer", description: "On 409: the version to reload." },
      },
    },
  },
};

/** A route under `/api/v1` that is not in the control route table (the SDK endpoints authenticate themselves). */
export interface OtherRoute {
  method: string;
  url: string;
  summary: string | undefined;
}

/**
 * The OpenAPI 3.1 document of `/api/v1`, assembled from the control route table and its TypeBox schemas, plus
 * a short entry for every other route registered there.
 */
export function buildOpenApiDocument(
  specs: readonly RouteSpec[],
  others: readonly OtherRoute[] = [],
): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const spec of specs) {
    const path = openApiPath(`${API_PREFIX}${spec.url}`);
    paths[path] = { ...paths[path], [spec.method.toLowerCase()]: operation(spec) };
  }
  for (const other of others) {
    const path = openApiPath(other.url);
    const entry = {
      summary: other.summary ?? `${other.method} ${other.url}`,
      security: [],
      responses: { "200": { description: "OK" } },
    };
    paths[path] = { ...paths[path], [other.method.toLowerCase()]: entry };
  }
  return {
    openapi: "3.1.0",
    info: { title: "Switchboard control API", version: VERSION },
    servers: [{ url: "/" }],
    components: {
      securitySchemes: { bearer: { type: "http", scheme: "bearer", description: "An admin or personal token." } },
      schemas: { Error: ErrorSchema },
    },
    security: [{ bearer: [] }],
    paths,
  };
}

/** `/flags/:key` → `/flags/{key}`. */
export function openApiPath(url: string): string {
  return url.replace(/:([A-Za-z]+)/g, "{$1}");
}

function operation(spec: RouteSpec): Record<string, unknown> {
  const parameters = [...pathParameters(spec.url), ...queryParameters(spec.query), ...headerParameters(spec)];
  const success: Record<string, unknown> = { description: spec.response.description };
  if (spec.response.schema) success["content"] = json(spec.response.schema);
  return {
    operationId: `${spec.method.toLowerCase()}${spec.url.replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string = "") => c.toUpperCase())}`,
    summary: spec.summary,
    tags: [spec.tag],
    description: `Needs the ${spec.role} role.`,
    ...(parameters.length > 0 ? { parameters } : {}),
    ...requestBody(spec),
    responses: {
      [String(spec.response.status)]: success,
      "4XX": {
        description: "A client mistake, described.",
        content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
      },
    },
  };
}

function pathParameters(url: string): Record<string, unknown>[] {
  return [...url.matchAll(/:([A-Za-z]+)/g)].map((match) => ({
    name: match[1],
    in: "path",
    required: true,
    schema: { type: "string" },
  }));
}

function queryParameters(query: TSchema | undefined): Record<string, unknown>[] {
  if (!query) return [];
  const required = new Set<string>((query["required"] as string[] | undefined) ?? []);
  const properties = (query["properties"] ?? {}) as Record<string, TSchema>;
  return Object.entries(properties).map(([name, schema]) => ({
    name,
    in: "query",
    required: required.has(name),
    schema: plain(schema),
  }));
}

function headerParameters(spec: RouteSpec): Record<string, unknown>[] {
  const headers: Record<string, unknown>[] = [];
  if (spec.ifMatch) {
    const description =
      spec.ifMatch === "required"
        ? "The version you read (its ETag); required, 428 without it, 409 with the current version when stale."
        : "The version you read; when given, 409 with the current version when stale. Without it the change is re-applied on top of concurrent ones.";
    headers.push({
      name: "If-Match",
      in: "header",
      required: spec.ifMatch === "required",
      schema: { type: "string" },
      description,
    });
  }
  if (spec.method !== "GET") {
    const description =
      "Why (for the audit log); percent-encode non-Latin-1 text. Required from editors in some environments.";
    headers.push({ name: "X-Change-Reason", in: "header", required: false, schema: { type: "string" }, description });
  }
  return headers;
}

function json(schema: TSchema): Record<string, unknown> {
  return { "application/json": { schema: plain(schema) } };
}

// A JSON round trip drops TypeBox's symbol-keyed bookkeeping.
function plain(schema: TSchema): unknown {
  return JSON.parse(JSON.stringify(schema));
}

function requestBody(spec: RouteSpec): Record<string, unknown> {
  const body = spec.documentedBody ?? spec.body;
  if (body === undefined) return {};
  return { requestBody: { required: spec.method !== "POST" || !isOptionalBody(body), content: json(body) } };
}

function isOptionalBody(schema: TSchema): boolean {
  return ((schema["required"] as string[] | undefined) ?? []).length === 0;
}
