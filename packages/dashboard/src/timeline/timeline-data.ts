import type { ListAnswer, Marker, QueryResult } from "@switchboard/core";
import { useEffect, useState } from "react";
import { callApi, queryString } from "../api/api-client.js";
import { dataWindow, extentOf, extentQuery } from "../chart/data-window.js";
import { type SeenName, seenNamesOf } from "./business-event.js";

/** Per-minute series on one shared time grid (seconds), plus the markers of the same range. */
export interface TimelineData {
  /** The window shown, in seconds: chosen (`last`) or where the data is. */
  fromS: number;
  toS: number;
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

/** The range that opens "where the data is": from the earliest event of the last week to now. */
export const DATA_RANGE = "data";

/** The ranges the timeline offers, the data's own first. */
export const RANGES = [DATA_RANGE, ...Object.keys(RANGE_S)];

/** Loads the four metrics through the query API and the markers; `nowMs` pins the range end; null `event` waits. */
export function useTimelineData(last: string, environment: string, event: string | null, nowMs: number) {
  const [data, setData] = useState<TimelineData | null>(null);
  const [error, setError] = useState<Error | null>(null);
  useEffect(() => {
    if (event === null) return;
    const controller = new AbortController();
    windowOf(last, environment, nowMs, controller.signal)
      .then(({ fromS, toS }) => loadSeries(fromS, toS, environment, event, controller.signal))
      .then((loaded) => {
        setData(loaded);
        setError(null);
      })
      .catch((failure: unknown) => {
        if (!controller.signal.aborted) setError(failure instanceof Error ? failure : new Error(String(failure)));
      });
    return () => controller.abort();
  }, [last, environment, event, nowMs]);
  return { data, error };
}

/** The four series and the markers of one window. */
async function loadSeries(
  fromS: number,
  toS: number,
  environment: string,
  event: string,
  signal: AbortSignal,
): Promise<TimelineData> {
  const scope = {
    from: new Date(fromS * 1000).toISOString(),
    to: new Date(toS * 1000).toISOString(),
    bucket: "1m",
    ...(environment === "" ? {} : { environment }),
  };
  const series = (aggregates: unknown[], where: unknown[] = []) =>
    callApi<QueryResult>("POST", "/query", {
      body: { kind: "aggregate", ...scope, where, aggregates, limit: 10_000 },
      signal,
    });
  const [all, errors, business, markers] = await Promise.all([
    series([{ fn: "count" }, { fn: "p95", field: "durationMs" }]),
    series([{ fn: "count" }], [{ field: "status", op: ">=", value: "500" }]),
    series([{ fn: "count" }], [{ field: "name", op: "=", value: event }]),
    callApi<ListAnswer<Marker>>(
      "GET",
      `/markers${queryString({ from: scope.from, to: scope.to, environment: environment || undefined })}`,
      { signal },
    ),
  ]);
  const times = Array.from({ length: (toS - fromS) / STEP_S + 1 }, (_, i) => fromS + i * STEP_S);
  const requests = onGrid(times, all, 1, 0);
  return {
    fromS,
    toS,
    times,
    requests,
    p95: onGrid(times, all, 2, null),
    errors: onGrid(times, errors, 1, 0),
    business: onGrid(times, business, 1, 0),
    markers: markers.items,
    total: requests.reduce((sum, n) => sum + n, 0),
  };
}

/** The window of `last`, or for the data's own range the one around the events seen in the last week. */
async function windowOf(last: string, environment: string, nowMs: number, signal: AbortSignal) {
  const chosen = RANGE_S[last];
  if (chosen !== undefined) {
    const toS = Math.ceil(nowMs / 1000 / STEP_S) * STEP_S;
    return { fromS: toS - chosen, toS };
  }
  const answer = await callApi<QueryResult>("POST", "/query", { body: extentQuery([], environment), signal });
  const [earliest, latest] = answer.rows[0] ?? [];
  return dataWindow(extentOf(earliest, latest), nowMs, STEP_S);
}

/** The event names seen in the last week, most frequent first (null while loading). */
export function useEventNames(environment: string, nowMs: number): SeenName[] | null {
  const [names, setNames] = useState<SeenName[] | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `nowMs` is how Refresh asks for the names again.
  useEffect(() => {
    const controller = new AbortController();
    callApi<QueryResult>("POST", "/query", {
      body: {
        kind: "aggregate",
        last: "7d",
        ...(environment === "" ? {} : { environment }),
        groupBy: ["name"],
        aggregates: [{ fn: "count" }],
        limit: 100,
      },
      signal: controller.signal,
    })
      .then((answer) => setNames(seenNamesOf(answer.rows)))
      // Without the names the picker still offers what the address names; the charts report their own errors.
      .catch(() => {
        if (!controller.signal.aborted) setNames([]);
      });
    return () => controller.abort();
  }, [environment, nowMs]);
  return names;
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
