/** Parallel lists of flattened attributes: key i has text `str[i]` and, when numeric, number `num[i]`. */
export interface FlatAttributes {
  keys: string[];
  str: (string | null)[];
  num: (number | null)[];
}

/** Objects nested deeper than this are kept as JSON text under their dotted path instead of being flattened further. */
export const MAX_FLATTEN_DEPTH = 8;

/**
 * Flattens nested `fields` to dotted paths (`{http:{route:"/a"}}` → `http.route`): every value gets its text form
 * (so any field groups alike) and numbers also their numeric form (so comparisons need no cast).
 */
export function flattenFields(fields: Record<string, unknown> | undefined): FlatAttributes {
  const flat: FlatAttributes = { keys: [], str: [], num: [] };
  if (fields !== undefined) flattenInto(fields, "", 1, flat);
  return flat;
}

function flattenInto(object: Record<string, unknown>, prefix: string, depth: number, flat: FlatAttributes): void {
  for (const key in object) {
    const value = object[key];
    const path = prefix + key;
    if (value !== null && typeof value === "object" && !Array.isArray(value) && depth < MAX_FLATTEN_DEPTH) {
      flattenInto(value as Record<string, unknown>, `${path}.`, depth + 1, flat);
      continue;
    }
    flat.keys.push(path);
    if (typeof value === "number") {
      flat.str.push(String(value));
      flat.num.push(value);
    } else {
      flat.str.push(value === null || value === undefined ? null : typeof value === "string" ? value : textOf(value));
      flat.num.push(null);
    }
  }
}

function textOf(value: unknown): string {
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}
