/** The type of a bound parameter, which some dialects must spell out in the placeholder. */
export type ParamType = "string" | "number" | "integer" | "time" | "boolean";

/** One value bound as a parameter: user input only ever reaches the engine this way. */
export interface Param {
  readonly value: string | number;
  readonly type: ParamType;
}

/** A piece of SQL: trusted text (from the compiler's own constants) interleaved with parameters, in order. */
export interface Fragment {
  readonly parts: readonly (string | Param)[];
}

/** What may be interpolated into `sql`: another fragment, a parameter, or a list of fragments joined by ", ". */
export type SqlPart = Fragment | Param | readonly Fragment[];

function isParam(part: SqlPart): part is Param {
  return "type" in part && "value" in part;
}

/**
 * Builds a fragment from a template: the literal text must be the compiler's own; every user value is interpolated
 * as a `Param` (see `param`). There is deliberately no way to interpolate a plain string.
 */
export function sql(strings: TemplateStringsArray, ...values: SqlPart[]): Fragment {
  const parts: (string | Param)[] = [];
  strings.forEach((text, index) => {
    if (text !== "") parts.push(text);
    const value = values[index];
    if (value === undefined) return;
    if (Array.isArray(value)) append(parts, join(value as readonly Fragment[], ", ").parts);
    else if (isParam(value as SqlPart)) parts.push(value as Param);
    else append(parts, (value as Fragment).parts);
  });
  return { parts };
}

/** Trusted SQL text (keywords, whitelisted column names, constants chosen by the compiler). */
export function raw(text: string): Fragment {
  return { parts: [text] };
}

/** A bound parameter. */
export function param(
  value: string | number,
  type: ParamType = typeof value === "number" ? "number" : "string",
): Param {
  return { value, type };
}

/** Fragments joined by a separator (the separator is trusted text). */
export function join(fragments: readonly Fragment[], separator: string): Fragment {
  const parts: (string | Param)[] = [];
  fragments.forEach((fragment, index) => {
    if (index > 0) parts.push(separator);
    append(parts, fragment.parts);
  });
  return { parts };
}

// A loop, not `push(...source)`: spreading passes every element as an argument, and a long `in` list (hundreds of
// thousands of parameters) overflows the call stack.
function append<T>(target: T[], source: readonly T[]): void {
  for (const item of source) target.push(item);
}

/** `(a) AND (b) ...`, or `TRUE` when there is nothing to require. */
export function and(conditions: readonly Fragment[]): Fragment {
  if (conditions.length === 0) return raw("TRUE");
  if (conditions.length === 1) return conditions[0] ?? raw("TRUE");
  return join(
    conditions.map((condition) => sql`(${condition})`),
    " AND ",
  );
}
