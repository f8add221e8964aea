import type { TObject, TSchema } from "@sinclair/typebox";
import { type TypeCheck, TypeCompiler } from "@sinclair/typebox/compiler";
import {
  type ErrorDetail,
  ExposureSchema,
  type IngestItem,
  ItemHeadSchema,
  rankOf,
  WideEventSchema,
  wireProblems,
} from "@switchboard/core";
import { checkStorableValues, MAX_NESTING_DEPTH } from "./check-storable-values.js";
import { parseEventTime } from "./event-time.js";

type Obj = Record<string, unknown>;
type ItemKind = "event" | "exposure";

// Compiled once: a well-formed item, the common case, costs one generated check instead of a schema walk. The
// schema is walked (`wireProblems`) only to name the problems of an item that failed it.
const CHECKS = { event: TypeCompiler.Compile(WideEventSchema), exposure: TypeCompiler.Compile(ExposureSchema) };

/** One top-level field of a kind of item, with its own compiled check. */
interface FieldCheck {
  key: string;
  schema: TSchema;
  required: boolean;
  check: TypeCheck<TSchema>;
}

function fieldChecks(schema: TObject): FieldCheck[] {
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties).map(([key, field]) => ({
    key,
    schema: field,
    required: required.has(key),
    check: TypeCompiler.Compile(field),
  }));
}

const FIELD_CHECKS = {
  event: fieldChecks(WideEventSchema),
  exposure: fieldChecks(ExposureSchema),
  unknown: fieldChecks(ItemHeadSchema),
};

/** The order of each kind's top-level fields, in which an item's problems are reported. */
const FIELD_ORDER = {
  event: Object.keys(WideEventSchema.properties),
  exposure: Object.keys(ExposureSchema.properties),
  unknown: Object.keys(ItemHeadSchema.properties),
};

/**
 * Checks one item against the wire schema (core's `IngestItemSchema`: `WideEvent` | `Exposure`), on the hot path:
 * pushes one detail per problem (`[3].ts`) and returns the item when it has none. Beyond the schema, what only
 * the server can judge: `environment` must be the SDK key's (an item naming another one is refused rather than
 * stored under the wrong environment), `ts` must be a real date within the window (`event-time.ts`, bounded by
 * `nowMs`), and every value at every depth must be one the event store can hold (`check-storable-values.ts`), so
 * no item can fail the write of its batch.
 */
export function validateItem(
  value: unknown,
  index: number,
  environment: string,
  problems: ErrorDetail[],
  nowMs: number = Date.now(),
): IngestItem | undefined {
  const at = `[${index}]`;
  if (!isObject(value)) {
    problems.push({ path: at, message: "must be an object" });
    return undefined;
  }
  const kind = itemKind(value["type"]);
  const found =
    spanTreeTooDeep(value["spanTree"]) || (kind !== undefined && CHECKS[kind].Check(value))
      ? []
      : shapeProblems(value, kind, at);
  checkServerRules(value, at, environment, nowMs, found);
  if (kind === "event" && !found.some((problem) => problem.path.startsWith(`${at}.spans`))) {
    checkSpanCounts(value, at, found);
  }
  // Only a well-shaped item is walked: the shape checks already name the field of a wrong type or number.
  if (found.length === 0) checkStorableValues(value, at, found);
  if (found.length > 1) sortByField(found, FIELD_ORDER[kind ?? "unknown"], at);
  problems.push(...found);
  return found.length === 0 ? (value as unknown as IngestItem) : undefined;
}

// The schema check and its error walk recurse through `spanTree`. A tree deeper than the store accepts skips them
// and is refused by the storable walk, which keeps its own stack: no depth of input can overflow the call stack.
function spanTreeTooDeep(tree: unknown): boolean {
  let level: unknown[] = Array.isArray(tree) ? tree : [];
  for (let depth = 1; level.length > 0; depth++) {
    if (depth > MAX_NESTING_DEPTH) return true;
    const next: unknown[] = [];
    for (const node of level) {
      const children = isObject(node) ? node["children"] : undefined;
      if (Array.isArray(children)) for (const child of children) next.push(child);
    }
    level = next;
  }
  return false;
}

function itemKind(type: unknown): ItemKind | undefined {
  return type === "event" || type === "exposure" ? type : undefined;
}

// Per field, only a field that fails its compiled check is walked to name its problems: a batch of bad items costs
// little more than a batch of good ones.
function shapeProblems(item: Obj, kind: ItemKind | undefined, at: string): ErrorDetail[] {
  const found: ErrorDetail[] = [];
  for (const field of FIELD_CHECKS[kind ?? "unknown"]) {
    const value = item[field.key];
    // `environment` is judged against the SDK key's below, whatever its type.
    if (field.key === "environment" || (value === undefined ? !field.required : field.check.Check(value))) continue;
    for (const problem of wireProblems(field.schema, value, `${at}.${field.key}`)) found.push(problem);
  }
  if (kind === undefined) found.push({ path: `${at}.type`, message: 'must be "event" or "exposure"' });
  return found;
}

function checkServerRules(item: Obj, at: string, environment: string, nowMs: number, found: ErrorDetail[]): void {
  if (!found.some((problem) => problem.path === `${at}.ts`)) {
    const time = parseEventTime(item["ts"], nowMs);
    if (!time.ok) found.push({ path: `${at}.ts`, message: time.message });
  }
  const itemEnvironment = item["environment"];
  if (itemEnvironment !== undefined && itemEnvironment !== environment) {
    found.push({
      path: `${at}.environment`,
      message: `must be "${environment}" (the SDK key's environment) or left out`,
    });
  }
}

// A count lands in a BIGINT column: `Number.isInteger(1e20)` holds but the cast fails, and no integer beyond 2^53
// is exact in JSON numbers anyway. Runs on spans the schema accepted, so each count is an integer ≥ 0.
function checkSpanCounts(event: Obj, at: string, found: ErrorDetail[]): void {
  const spans = event["spans"];
  if (!isObject(spans)) return;
  for (const name in spans) {
    const count = (spans[name] as Obj)["count"];
    if (!Number.isSafeInteger(count)) {
      found.push({
        path: `${at}.spans.${name}.count`,
        message: `must be an integer from 0 to ${Number.MAX_SAFE_INTEGER}`,
      });
    }
  }
}

function sortByField(found: ErrorDetail[], order: readonly string[], at: string): void {
  const fieldOf = (path: string) => /^[^.[]*/.exec(path.slice(at.length + 1))?.[0];
  found.sort((a, b) => rankOf(order, fieldOf(a.path)) - rankOf(order, fieldOf(b.path)));
}

function isObject(value: unknown): value is Obj {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
