import type { LightMyRequestResponse } from "fastify";
import type { RobustApp } from "./create-robust-app.js";
import type { RobustnessTally } from "./robustness-tally.js";

/** The event ids of a batch body as sent (JSON array or NDJSON), when it can be read at all. */
export function eventIdsOf(payload: string | Buffer, ndjson: boolean): string[] {
  const text = typeof payload === "string" ? payload : payload.toString("utf8");
  const values: unknown[] = [];
  try {
    if (ndjson) {
      for (const line of text.split("\n")) if (line.trim() !== "") values.push(JSON.parse(line));
    } else {
      values.push(...[JSON.parse(text)].flat());
    }
  } catch {
    return [];
  }
  return values.flatMap((item) => {
    if (typeof item !== "object" || item === null) return [];
    const { type, id } = item as Record<string, unknown>;
    return type === "event" && typeof id === "string" ? [id] : [];
  });
}

/** The ids among `ids` that the event store holds in `environment`. */
export async function storedEventIds(
  robust: RobustApp,
  environment: string,
  ids: readonly string[],
): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const placeholders = ids.map(() => "?").join(", ");
  const result = await robust.events.run({
    sql: `SELECT DISTINCT id FROM events WHERE environment = ? AND id IN (${placeholders})`,
    params: [environment, ...ids],
  });
  return new Set(result.rows.map((row) => String(row[0])));
}

/**
 * After a 2xx on ingest, every event of the batch must be in the store, in the caller's environment: an answer of
 * `duplicate: true` promises the batch was stored before, so it is held to the same check.
 */
export async function checkAcknowledged(
  robust: RobustApp,
  tally: RobustnessTally,
  inputClass: string,
  request: { description: string; environment: string; ids: readonly string[] },
  response: LightMyRequestResponse,
): Promise<void> {
  if (response.statusCode >= 300) return;
  // `?partial=true` answers list what it kept out; those were never acknowledged.
  const rejected = rejectedCount(response.body);
  if (rejected > 0) return;
  const stored = await storedEventIds(robust, request.environment, request.ids);
  const missing = request.ids.filter((id) => !stored.has(id));
  if (missing.length > 0) {
    const answer = { statusCode: response.statusCode, body: `missing ${missing.join(", ")} | ${response.body}` };
    tally.lost(inputClass, request.description, answer, missing.length);
  }
}

function rejectedCount(body: string): number {
  try {
    const parsed = JSON.parse(body) as { rejected?: unknown };
    return Array.isArray(parsed.rejected) ? parsed.rejected.length : 0;
  } catch {
    return 0;
  }
}
