import type { ListAnswer, Marker, QueryResult } from "@switchboard/core";
import { useEffect, useState } from "react";
import { callApi, queryString } from "../api/api-client.js";

/** Per-minute series on one shared time grid (seconds), plus the markers of the same range. */
export interface TimelineData {
  times: number[];
  requests: number[];
  errors: number[];
  p95: (number | null)[];
  business: number[];
  markers: Marker[];
  total: number;
}

const STEP_S = 60;
const RANGE_S: Readonly<Record<string, number>> = { "1h": 3600, "6h": 6 * 3600, "24h": 86_400, "7d": 7 * 86_400 };

/** The ranges the timeline offers. */
export const RANGES = Object.keys(RANGE_S);

/** Loads the four metrics through the query API and the markers; `nowMs` pins the range end. */
export function useTimelineData(last: string, environment: string, event: string, nowMs: number) {
  const [data, setData] = useState<TimelineData | null>(null);
  const [error, setError] = useState<Error | null>(null);
  useEffect(() => {
    const controller = new AbortController();
    const toS = Math.ceil(nowMs / 1000 / STEP_S) * STEP_S;
    const fromS = toS - (RANGE_S[last] ?? 86_400);
    const scope = {
      from: new Date(fromS * 1000).toISOString(),
      to: new Date(toS * 1000).toISOString(),
      bucket: "1m",
      ...(environment === "" ? {} : { environment }),
    };
    const series = (aggregates: unknown[], where: unknown[] = []) =>
      callApi<QueryResult>("POST", "/query", {
        body: { kind: "aggregate", ...scope, where, aggregates, limit: 10_000 },
        signal: controller.signal,
      });
    Promise.all([
      series([{ fn: "count" }, { fn: "p95", field: "durationMs" }]),
      series([{ fn: "count" }], [{ field: "status", op: ">=", value: "500" }]),
      series([{ fn: "count" }], [{ field: "name", op: "=", value: event }]),
      callApi<ListAnswer<Marker>>(
        "GET",
        `/markers${queryString({ from: scope.from, to: scope.to, environment: environment || undefined })}`,
        {
          signal: controller.signal,
        },
      ),
    ])
      .then(([all, errors, business, markers]) => {
        const times = Array.from({ length: (toS - fromS) / STEP_S + 1 }, (_, i) => fromS + i * STEP_S);
        const requests = onGrid(times, all, 1, 0);
        setData({
          times,
          requests,
          p95: onGrid(times, all, 2, null),
          errors: onGrid(times, errors, 1, 0),
          business: onGrid(times, business, 1, 0),
          markers: markers.items,
          total: requests.reduce((sum, n) => sum + n, 0),
        });
        setError(null);
      })
      .catch((failure: unknown) => {
        if (!controller.signal.aborted) setError(failure instanceof Error ? failure : new Error(String(failure)));
      });
    return () => controller.abort();
  }, [last, environment, event, nowMs]);
  return { data, error };
}

/** Puts column `column` of a series answer onto the grid; buckets without events get `missing`. */
function onGrid<M extends number | null>(
  times: readonly number[],
  answer: QueryResult,
  column: number,
  missing: M,
): (number | M)[] {
  const byTime = new Map<number, number | null>();
  for (const row of answer.rows) {
    const t = toSeconds(row[0]);
    const value = row[column];
    if (t !== null)
      byTime.set(
        Math.floor(t / STEP_S) * STEP_S,
        typeof value === "number" ? value : value == null ? null : Number(value),
      );
  }
  return times.map((t) => byTime.get(t) ?? missing);
}

/** A time cell of a query answer (ISO text or epoch seconds/milliseconds) in seconds. */
export function toSeconds(value: unknown): number | null {
  if (typeof value === "number") return value > 1e11 ? value / 1000 : value;
  if (typeof value === "string") {
    const ms = Date.parse(value);
    return Number.isNaN(ms) ? null : ms / 1000;
  }
  return null;
}
