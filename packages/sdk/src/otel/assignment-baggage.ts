import { type Baggage, propagation } from "@opentelemetry/api";

/** The baggage entry that carries the assignment vector. */
export const ASSIGNMENTS_BAGGAGE_KEY = "sb.assignments";

/** Options of `assignmentsToBaggage`. */
export interface AssignmentBaggageOptions {
  /** Baggage to add the entry to; default a new, empty one. */
  baggage?: Baggage;
  /** Longest entry value as sent in the header (percent-encoded), in bytes; default 1024 (W3C allows 4096 per entry). */
  maxBytes?: number;
  /** The entry name; default `sb.assignments`. */
  key?: string;
  /** The propagation API to use; default the `@opentelemetry/api` this package resolves. */
  api?: { propagation: Pick<typeof propagation, "createBaggage" | "getActiveBaggage"> };
}

// Only the three characters the encoding itself uses are escaped; the propagator percent-encodes the rest.
function escapePart(text: string): string {
  return text.replace(/[%,=]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
}

function unescapePart(text: string): string {
  return text.replace(/%(25|2C|3D)/gi, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}

/**
 * Encodes an assignment vector (`{ flagKey: variation }`) compactly as `flag=variation,flag=variation`; pairs that
 * would take the header value past `maxBytes` are left out, in order.
 */
export function encodeAssignments(assignments: Readonly<Record<string, string>>, maxBytes = 1024): string {
  let encoded = "";
  let headerBytes = 0;
  for (const [flagKey, variation] of Object.entries(assignments)) {
    const pair = `${escapePart(flagKey)}=${escapePart(variation)}`;
    const pairBytes = encodeURIComponent(pair).length + (encoded === "" ? 0 : 3);
    if (headerBytes + pairBytes > maxBytes) continue;
    encoded = encoded === "" ? pair : `${encoded},${pair}`;
    headerBytes += pairBytes;
  }
  return encoded;
}

/** Decodes `encodeAssignments`' text; malformed pairs are skipped. */
export function decodeAssignments(encoded: string): Record<string, string> {
  const assignments: Record<string, string> = {};
  for (const pair of encoded.split(",")) {
    const [flagKey, variation, extra] = pair.split("=");
    if (flagKey === undefined || variation === undefined || extra !== undefined || flagKey === "") continue;
    assignments[unescapePart(flagKey)] = unescapePart(variation);
  }
  return assignments;
}

/**
 * Puts an assignment vector in W3C baggage so downstream services see which variations this request was served.
 * @example context.with(propagation.setBaggage(context.active(), assignmentsToBaggage(event.assignments)), next)
 */
export function assignmentsToBaggage(
  assignments: Readonly<Record<string, string>>,
  options: AssignmentBaggageOptions = {},
): Baggage {
  const api = options.api ?? { propagation };
  const baggage = options.baggage ?? api.propagation.createBaggage();
  const value = encodeAssignments(assignments, options.maxBytes);
  const key = options.key ?? ASSIGNMENTS_BAGGAGE_KEY;
  return value === "" ? baggage.removeEntry(key) : baggage.setEntry(key, { value });
}

/** Reads the assignment vector from baggage (default: the active context's); `{}` when there is none. */
export function assignmentsFromBaggage(
  baggage?: Baggage,
  options: Pick<AssignmentBaggageOptions, "key" | "api"> = {},
): Record<string, string> {
  const api = options.api ?? { propagation };
  const source = baggage ?? api.propagation.getActiveBaggage();
  const entry = source?.getEntry(options.key ?? ASSIGNMENTS_BAGGAGE_KEY);
  return entry === undefined ? {} : decodeAssignments(entry.value);
}
