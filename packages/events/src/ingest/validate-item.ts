import type { ErrorDetail, IngestItem } from "@switchboard/core";
import { checkStorableValues } from "./check-storable-values.js";
import { parseEventTime } from "./event-time.js";

/** Longest accepted id, name, unit, flag, variation or similar text value. */
const MAX_TEXT = 1_000;

type Problems = ErrorDetail[];
type Obj = Record<string, unknown>;

/**
 * Checks one item against the wire format (`WideEvent` | `Exposure`) by hand, on the hot path: pushes one detail
 * per problem (`[3].ts`) and returns the item when it has none. `environment` is the SDK key's: an item naming
 * another one is refused rather than stored under the wrong environment. An item that passes is one the event
 * store can hold: every value at every depth is checked too (`check-storable-values.ts`), so no item can fail
 * the write of its batch. `nowMs` bounds how far ahead `ts` may lie.
 */
export function validateItem(
  value: unknown,
  index: number,
  environment: string,
  problems: Problems,
  nowMs: number = Date.now(),
): IngestItem | undefined {
  const at = `[${index}]`;
  if (!isObject(value)) return fail(problems, at, "must be an object");
  const before = problems.length;
  requireText(value, "id", at, problems);
  const time = parseEventTime(value["ts"], nowMs);
  if (!time.ok) problems.push({ path: `${at}.ts`, message: time.message });
  optionalText(value, "release", at, problems);
  const itemEnvironment = value["environment"];
  if (itemEnvironment !== undefined && itemEnvironment !== environment) {
    problems.push({
      path: `${at}.environment`,
      message: `must be "${environment}" (the SDK key's environment) or left out`,
    });
  }
  if (value["type"] === "event") checkEvent(value, at, problems);
  else if (value["type"] === "exposure") checkExposure(value, at, problems);
  else problems.push({ path: `${at}.type`, message: 'must be "event" or "exposure"' });
  // Only a well-shaped item is walked: the shape checks already name the field of a wrong type or number.
  if (problems.length === before) checkStorableValues(value, at, problems);
  return problems.length === before ? (value as unknown as IngestItem) : undefined;
}

function checkEvent(event: Obj, at: string, problems: Problems): void {
  requireText(event, "name", at, problems);
  optionalText(event, "unit", at, problems);
  const duration = event["durationMs"];
  if (duration !== undefined && !(typeof duration === "number" && Number.isFinite(duration) && duration >= 0)) {
    problems.push({ path: `${at}.durationMs`, message: "must be a number of milliseconds ≥ 0" });
  }
  const status = event["status"];
  if (status !== undefined && typeof status !== "string" && !(typeof status === "number" && Number.isFinite(status))) {
    problems.push({ path: `${at}.status`, message: "must be a number or a string" });
  }
  checkRecord(
    event,
    "assignments",
    at,
    problems,
    (v) => typeof v === "string" && v.length <= MAX_TEXT,
    "a variation key (string)",
  );
  checkRecord(event, "counters", at, problems, isFiniteNumber, "a finite number");
  checkRecord(event, "spans", at, problems, isSpanTotal, "{ ms: number, count: number }");
  checkSpanCounts(event, at, problems);
  checkMessages(event, at, problems);
  const tree = event["spanTree"];
  if (tree !== undefined && !Array.isArray(tree))
    problems.push({ path: `${at}.spanTree`, message: "must be an array" });
  const fields = event["fields"];
  if (fields !== undefined && !isObject(fields)) problems.push({ path: `${at}.fields`, message: "must be an object" });
}

function checkExposure(exposure: Obj, at: string, problems: Problems): void {
  for (const key of ["unit", "hashAttribute", "flag", "variation", "ruleId"]) requireText(exposure, key, at, problems);
  optionalText(exposure, "experiment", at, problems);
  const inExperiment = exposure["inExperiment"];
  if (inExperiment !== undefined && typeof inExperiment !== "boolean") {
    problems.push({ path: `${at}.inExperiment`, message: "must be true or false" });
  }
}

function checkMessages(event: Obj, at: string, problems: Problems): void {
  const messages = event["messages"];
  if (messages === undefined) return;
  if (!Array.isArray(messages)) {
    problems.push({ path: `${at}.messages`, message: "must be an array of { atMs, text }" });
    return;
  }
  messages.forEach((message: unknown, i) => {
    const ok = isObject(message) && isFiniteNumber(message["atMs"]) && typeof message["text"] === "string";
    if (!ok) problems.push({ path: `${at}.messages[${i}]`, message: "must be { atMs: number, text: string }" });
  });
}

function checkRecord(
  item: Obj,
  key: string,
  at: string,
  problems: Problems,
  valid: (value: unknown) => boolean,
  expected: string,
): void {
  const record = item[key];
  if (record === undefined) return;
  if (!isObject(record)) {
    problems.push({ path: `${at}.${key}`, message: "must be an object" });
    return;
  }
  for (const name in record) {
    if (!valid(record[name])) problems.push({ path: `${at}.${key}.${name}`, message: `must be ${expected}` });
  }
}

function requireText(item: Obj, key: string, at: string, problems: Problems): void {
  const value = item[key];
  if (typeof value !== "string" || value.length === 0 || value.length > MAX_TEXT) {
    problems.push({
      path: `${at}.${key}`,
      message: `is required: a non-empty string of at most ${MAX_TEXT} characters`,
    });
  }
}

function optionalText(item: Obj, key: string, at: string, problems: Problems): void {
  const value = item[key];
  if (value !== undefined && (typeof value !== "string" || value.length > MAX_TEXT)) {
    problems.push({ path: `${at}.${key}`, message: `must be a string of at most ${MAX_TEXT} characters` });
  }
}

function isSpanTotal(value: unknown): boolean {
  return (
    isObject(value) &&
    isFiniteNumber(value["ms"]) &&
    Number.isInteger(value["count"]) &&
    (value["count"] as number) >= 0
  );
}

// A count lands in a BIGINT column: `Number.isInteger(1e20)` holds but the cast fails, and no integer beyond 2^53
// is exact in JSON numbers anyway.
function checkSpanCounts(event: Obj, at: string, problems: Problems): void {
  const spans = event["spans"];
  if (!isObject(spans)) return;
  for (const name in spans) {
    const span = spans[name];
    if (isSpanTotal(span) && !Number.isSafeInteger((span as Obj)["count"])) {
      problems.push({
        path: `${at}.spans.${name}.count`,
        message: `must be an integer from 0 to ${Number.MAX_SAFE_INTEGER}`,
      });
    }
  }
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === "number" && Number.isFinite(value);
}

function isObject(value: unknown): value is Obj {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function fail(problems: Problems, path: string, message: string): undefined {
  problems.push({ path, message });
  return undefined;
}
