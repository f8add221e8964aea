import type { QueryResult } from "@switchboard/core";

/** A sample unit's attributes, as the evaluator reads them: `id` is the event's unit, the rest its `fields`. */
export type SampleContext = Record<string, unknown>;

/** How far back suggestions and samples look. */
export const RECENT = "24h";
/** Most field keys the attribute suggestions list. */
export const MAX_SUGGESTED_ATTRIBUTES = 50;

/** The query for the field keys recent events of `environment` carry (`POST /query`, kind `field-keys`). */
export function fieldKeysQuery(environment: string): Record<string, unknown> {
  return { kind: "field-keys", last: RECENT, environment, limit: MAX_SUGGESTED_ATTRIBUTES };
}

/** Attribute names a condition can use, from a `field-keys` answer: `id` (the unit) first, then the field keys. */
export function attributesFromFieldKeys(answer: QueryResult | undefined): string[] {
  const keys = (answer?.rows ?? []).map((row) => String(row[0] ?? "")).filter((f) => f.startsWith("fields."));
  return ["id", ...keys.map((f) => f.slice("fields.".length)).filter((k) => k !== "id")];
}

/** The query for recent events of `environment` with the given attributes' values (at most 50 fields). */
export function recentEventsQuery(environment: string, attributes: readonly string[]): Record<string, unknown> {
  const fields = attributes.filter((a) => a !== "id").slice(0, 50);
  return {
    kind: "events",
    last: RECENT,
    environment,
    where: [{ field: "unit", op: "exists" }],
    fields: fields.map((f) => `fields.${f}`),
    limit: 200,
  };
}

/**
 * Up to `max` distinct units of an events answer as contexts: `id` from `unit`, each `fields.a.b` column nested as
 * `{a: {b: …}}` (the evaluator reads dotted attributes as paths). The store answers field values as text, so text
 * that is exactly a number's or a boolean's spelling becomes that number or boolean again.
 */
export function contextsFromEvents(answer: QueryResult | undefined, max: number): SampleContext[] {
  if (answer === undefined) return [];
  const unitAt = answer.columns.indexOf("unit");
  const fieldColumns = answer.columns
    .map((name, at) => ({ path: name.startsWith("fields.") ? name.slice("fields.".length) : null, at }))
    .filter((c): c is { path: string; at: number } => c.path !== null);
  const seen = new Set<string>();
  const contexts: SampleContext[] = [];
  for (const row of answer.rows) {
    const unit = row[unitAt];
    if (typeof unit !== "string" || unit === "" || seen.has(unit)) continue;
    seen.add(unit);
    const context: SampleContext = { id: unit };
    for (const { path, at } of fieldColumns) {
      const value = row[at];
      if (value !== null && value !== undefined) setPath(context, path.split("."), typedValue(value));
    }
    contexts.push(context);
    if (contexts.length >= max) break;
  }
  return contexts;
}

function typedValue(value: unknown): unknown {
  if (typeof value !== "string") return value;
  if (value === "true" || value === "false") return value === "true";
  const number = Number(value);
  return value.trim() !== "" && Number.isFinite(number) && String(number) === value ? number : value;
}

function setPath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  const [head, ...rest] = path;
  if (head === undefined) return;
  if (rest.length === 0) {
    target[head] = value;
    return;
  }
  const child = target[head];
  const next = typeof child === "object" && child !== null ? (child as Record<string, unknown>) : {};
  target[head] = next;
  setPath(next, rest, value);
}

/** A few words for a context in the preview: its id and up to three other attributes, flattened. */
export function describeContext(context: SampleContext): string {
  const parts = flatten(context)
    .filter(([key]) => key !== "id")
    .slice(0, 3)
    .map(([key, value]) => `${key}=${String(value)}`);
  return parts.join(" · ");
}

function flatten(value: Record<string, unknown>, prefix = ""): [string, unknown][] {
  return Object.entries(value).flatMap(([key, inner]) =>
    typeof inner === "object" && inner !== null && !Array.isArray(inner)
      ? flatten(inner as Record<string, unknown>, `${prefix}${key}.`)
      : [[`${prefix}${key}`, inner] as [string, unknown]],
  );
}
