import { AppError, type ErrorDetail } from "@switchboard/core";
import { EARLIEST_EVENT_TIME_MS, MAX_EVENT_TIME_AHEAD_MS } from "./event-time.js";
import { type OtlpObject, OtlpReader, type TimeWindow } from "./otlp-reader.js";
import { readAttributes } from "./otlp-values.js";

/** What an OTLP export maps to: one wide event per good item, and each refused item with its reason. */
export interface OtlpMapping {
  values: unknown[];
  /** The OTLP path of each value (`resourceSpans[0].scopeSpans[0].spans[3]`), to name it when ingest refuses it. */
  paths: string[];
  /** One entry per refused item: the path and reason of its first problem. */
  rejected: ErrorDetail[];
}

/** Where one signal keeps its items, and how one item becomes a wide event. */
export interface OtlpSignalShape {
  label: string;
  resources: string;
  scopes: string;
  items: string;
  /** Maps one item; problems go to `reader` (then the item is refused). */
  mapItem(reader: OtlpReader, item: OtlpObject, path: string, resource: Record<string, unknown>): unknown;
}

/** The times ingest accepts, the same window as an event's `ts` (see `event-time.ts`). */
export function ingestWindow(now: Date): TimeWindow {
  return { fromMs: EARLIEST_EVENT_TIME_MS, toMs: now.getTime() + MAX_EVENT_TIME_AHEAD_MS };
}

/**
 * Walks an OTLP/JSON export (resources → scopes → items). A wrong type above the items (a resource, a scope or a
 * list of them) makes the request malformed: VALIDATION_FAILED (400) with every path, nothing stored. A wrong item
 * is refused alone and reported, as OTLP's partial success does for partially invalid data.
 */
export function mapOtlpExport(body: unknown, shape: OtlpSignalShape): OtlpMapping {
  const resources = isRecord(body) ? body[shape.resources] : undefined;
  if (!Array.isArray(resources)) {
    throw new AppError("BAD_REQUEST", `An OTLP ${shape.label} export needs \`${shape.resources}\` (an array).`, [
      { path: shape.resources, message: "is required: an array" },
    ]);
  }
  const reader = new OtlpReader();
  const mapping: OtlpMapping = { values: [], paths: [], rejected: [] };
  resources.forEach((entry, r) => {
    const path = `${shape.resources}[${r}]`;
    const resource = reader.element(entry, path);
    if (resource === undefined) return;
    const attributes = readResourceAttributes(reader, resource, path);
    reader.list(resource[shape.scopes], `${path}.${shape.scopes}`).forEach((scopeEntry, s) => {
      const scopePath = `${path}.${shape.scopes}[${s}]`;
      const scope = reader.element(scopeEntry, scopePath);
      if (scope === undefined) return;
      checkScope(reader, scope["scope"], `${scopePath}.scope`);
      const items = reader.list(scope[shape.items], `${scopePath}.${shape.items}`);
      for (const [i, item] of items.entries()) {
        mapOne(shape, item, `${scopePath}.${shape.items}[${i}]`, attributes, mapping);
      }
    });
  });
  if (reader.problems.length > 0) throw malformed(shape, reader.problems);
  return mapping;
}

function mapOne(
  shape: OtlpSignalShape,
  value: unknown,
  path: string,
  resource: Record<string, unknown>,
  mapping: OtlpMapping,
): void {
  const reader = new OtlpReader();
  const item = reader.element(value, path);
  const event = item === undefined ? undefined : shape.mapItem(reader, item, path, resource);
  const [problem] = reader.problems;
  if (problem !== undefined) {
    mapping.rejected.push(problem);
    return;
  }
  mapping.values.push(event);
  mapping.paths.push(path);
}

// Resource attributes under `resource.`, so `service.name` of the resource and of an item never collide.
function readResourceAttributes(reader: OtlpReader, resource: OtlpObject, path: string): Record<string, unknown> {
  const fields = reader.object(resource["resource"], `${path}.resource`);
  const attributes = readAttributes(reader, fields["attributes"], `${path}.resource.attributes`);
  const record: Record<string, unknown> = {};
  for (const key in attributes) record[`resource.${key}`] = attributes[key];
  return record;
}

// The instrumentation scope is not stored, but a malformed one means a malformed export.
function checkScope(reader: OtlpReader, value: unknown, path: string): void {
  const scope = reader.object(value, path);
  reader.string(scope["name"], `${path}.name`);
  reader.string(scope["version"], `${path}.version`);
  readAttributes(reader, scope["attributes"], `${path}.attributes`);
}

function malformed(shape: OtlpSignalShape, problems: readonly ErrorDetail[]): AppError {
  const [first] = problems;
  const where = first === undefined ? "" : ` \`${first.path}\` ${first.message}`;
  return new AppError(
    "VALIDATION_FAILED",
    `The OTLP ${shape.label} export does not follow OTLP/JSON:${where}. Nothing was stored; send the exporter's body unchanged.`,
    problems,
  );
}

/** Ingest's rejections of mapped events (`[3].ts`) named by the OTLP path of their item instead. */
export function atOtlpPaths(rejected: readonly ErrorDetail[], paths: readonly string[]): ErrorDetail[] {
  return rejected.map((detail) => {
    const match = /^\[(\d+)\]/.exec(detail.path);
    const path = match === null ? undefined : paths[Number(match[1])];
    return path === undefined ? detail : { ...detail, path: path + detail.path.slice(match?.[0].length ?? 0) };
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
