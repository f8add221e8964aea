/** The value type of a typed column. */
export type ColumnType = "string" | "number" | "time" | "boolean";

/** The rows a query reads: wide events (the default) or exposure records. */
export type EventSource = "events" | "exposures";

/**
 * A field path resolved against the event schema. Only typed columns are named in SQL; every other path becomes a
 * parameter of a list lookup (the key of an attribute, the name of a flag, span or counter).
 */
export type FieldRef =
  | { kind: "column"; path: string; column: string; type: ColumnType }
  | { kind: "attribute"; path: string; key: string }
  | { kind: "assignment"; path: string; flag: string }
  | { kind: "span"; path: string; span: string; part: "ms" | "count" }
  | { kind: "counter"; path: string; counter: string }
  | { kind: "message"; path: string };

/** The typed columns of `events` by field name: the only identifiers that user input can select. */
export const TYPED_COLUMNS: Readonly<Record<string, { column: string; type: ColumnType }>> = {
  id: { column: "id", type: "string" },
  ts: { column: "ts", type: "time" },
  name: { column: "name", type: "string" },
  unit: { column: "unit", type: "string" },
  environment: { column: "environment", type: "string" },
  release: { column: "release", type: "string" },
  status: { column: "status", type: "string" },
  durationMs: { column: "duration_ms", type: "number" },
  messageCount: { column: "message_count", type: "number" },
  sampleRate: { column: "sample_rate", type: "number" },
};

/** The columns of `exposures` by field name: an exposure record has no other fields. */
export const EXPOSURE_COLUMNS: Readonly<Record<string, { column: string; type: ColumnType }>> = {
  id: { column: "id", type: "string" },
  ts: { column: "ts", type: "time" },
  unit: { column: "unit", type: "string" },
  hashAttribute: { column: "hash_attribute", type: "string" },
  flag: { column: "flag", type: "string" },
  variation: { column: "variation", type: "string" },
  ruleId: { column: "rule_id", type: "string" },
  experiment: { column: "experiment", type: "string" },
  inExperiment: { column: "in_experiment", type: "boolean" },
  environment: { column: "environment", type: "string" },
  release: { column: "release", type: "string" },
};

const MAX_KEY_LENGTH = 200;

// Keys travel as parameters, so any text is safe; control characters are refused because no SDK produces them.
function isValidKey(key: string): boolean {
  if (key === "" || key.length > MAX_KEY_LENGTH) return false;
  for (let i = 0; i < key.length; i++) if (key.charCodeAt(i) < 0x20) return false;
  return true;
}

/** How to write a field path, for error messages. */
export const FIELD_PATH_HELP = `one of ${Object.keys(TYPED_COLUMNS).join(", ")}, message, fields.<key>, assignments.<flag>, spans.<name>.ms, spans.<name>.count or counters.<name>`;

/** How to write a field path of an exposure query, for error messages. */
export const EXPOSURE_FIELD_HELP = `one of ${Object.keys(EXPOSURE_COLUMNS).join(", ")}`;

/**
 * Resolves a field path (`fields.http.route`, `assignments.exp-13`, `spans.sql.ms`…, or for exposures one of their
 * columns), or says why it cannot.
 */
export function parseFieldPath(path: string, source: EventSource = "events"): FieldRef | { error: string } {
  if (source === "exposures") {
    const column = Object.hasOwn(EXPOSURE_COLUMNS, path) ? EXPOSURE_COLUMNS[path] : undefined;
    if (column !== undefined) return { kind: "column", path, ...column };
    return { error: `exposures have no field ${JSON.stringify(path)}: use ${EXPOSURE_FIELD_HELP}` };
  }
  const typed = Object.hasOwn(TYPED_COLUMNS, path) ? TYPED_COLUMNS[path] : undefined;
  if (typed !== undefined) return { kind: "column", path, ...typed };
  if (path === "message" || path === "messages") return { kind: "message", path };
  const dot = path.indexOf(".");
  const head = dot < 0 ? path : path.slice(0, dot);
  const rest = dot < 0 ? "" : path.slice(dot + 1);
  if (dot >= 0 && !isValidKey(rest)) return { error: `${JSON.stringify(path)} has an empty or invalid key` };
  switch (head) {
    case "fields":
      if (rest !== "") return { kind: "attribute", path, key: rest };
      break;
    case "assignments":
      if (rest !== "") return { kind: "assignment", path, flag: rest };
      break;
    case "counters":
      if (rest !== "") return { kind: "counter", path, counter: rest };
      break;
    case "spans": {
      const last = rest.lastIndexOf(".");
      const part = rest.slice(last + 1);
      if (last > 0 && (part === "ms" || part === "count")) {
        return { kind: "span", path, span: rest.slice(0, last), part };
      }
      return { error: `${JSON.stringify(path)} must end in .ms or .count (e.g. spans.sql.ms)` };
    }
  }
  return { error: `unknown field ${JSON.stringify(path)}: use ${FIELD_PATH_HELP}` };
}

/** Whether the field holds numbers (so it can be summed, averaged and compared with <, >). */
export function isNumericField(ref: FieldRef): boolean {
  if (ref.kind === "column") return ref.type === "number";
  return ref.kind === "span" || ref.kind === "counter" || ref.kind === "attribute";
}
