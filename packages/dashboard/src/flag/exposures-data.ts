import type { ListAnswer, Marker, QueryResult } from "@switchboard/core";
import { useEffect, useState } from "react";
import { callApi, queryString } from "../api/api-client.js";
import { bucketFor, dataWindow, extentOf, extentQuery } from "../chart/data-window.js";
import { toSeconds } from "../timeline/timeline-data.js";

/** The ranges the exposures chart offers, each with the bucket that keeps it to a few hundred points. */
export const EXPOSURE_RANGES: Readonly<Record<string, { seconds: number; bucket: string; step: number }>> = {
  "1h": { seconds: 3600, bucket: "1m", step: 60 },
  "6h": { seconds: 6 * 3600, bucket: "5m", step: 300 },
  "24h": { seconds: 86_400, bucket: "15m", step: 900 },
  "7d": { seconds: 7 * 86_400, bucket: "1h", step: 3600 },
};

/** The range that opens where this flag's exposures are (the default): from the earliest of the last week to now. */
export const DATA_RANGE = "data";

/** Counts per variation on one time grid (seconds). */
export interface VariationSeries {
  times: number[];
  variations: { key: string; counts: number[] }[];
  total: number;
}

/** Turns a `time, variation, count` answer into one series per variation; `order` puts known ones first. */
export function pivotByVariation(
  answer: QueryResult,
  fromS: number,
  toS: number,
  step: number,
  order: readonly string[] = [],
): VariationSeries {
  const times = Array.from({ length: Math.floor((toS - fromS) / step) + 1 }, (_, i) => fromS + i * step);
  const index = new Map(times.map((t, i) => [t, i]));
  const byVariation = new Map<string, number[]>();
  let total = 0;
  for (const [time, variation, count] of answer.rows) {
    const t = toSeconds(time);
    const slot = t === null ? undefined : index.get(Math.floor(t / step) * step);
    if (slot === undefined) continue;
    const key = variation == null ? "(none)" : String(variation);
    let counts = byVariation.get(key);
    if (counts === undefined) {
      counts = times.map(() => 0);
      byVariation.set(key, counts);
    }
    const n = Number(count) || 0;
    counts[slot] = (counts[slot] ?? 0) + n;
    total += n;
  }
  const rank = (key: string) => (order.includes(key) ? order.indexOf(key) : order.length);
  const variations = [...byVariation.entries()]
    .map(([key, counts]) => ({ key, counts }))
    .sort((a, b) => rank(a.key) - rank(b.key) || a.key.localeCompare(b.key));
  return { times, variations, total };
}

/** The query behind the chart: exposure records of one flag, distinct units per variation and bucket. */
export function exposuresQuery(flagKey: string, env: string, from: string, to: string, bucket: string) {
  return {
    kind: "aggregate",
    source: "exposures",
    from,
    to,
    environment: env,
    where: [{ field: "flag", op: "=", value: flagKey }],
    bucket,
    groupBy: ["variation"],
    aggregates: [{ fn: "count_distinct", field: "unit", as: "units" }],
    limit: 10_000,
  };
}

/**
 * Units exposed to each variation of `flagKey` in `env` per bucket over `last` (distinct units of the exposure
 * records: the SDK deduplicates per process, so records alone would count a unit once per process), and that flag's
 * changes in the same range.
 */
export function useExposures(flagKey: string, env: string, last: string, order: readonly string[], nowMs: number) {
  const [data, setData] = useState<(VariationSeries & { markers: Marker[]; bucket: string }) | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const orderKey = order.join("\u0000");
  // biome-ignore lint/correctness/useExhaustiveDependencies: `orderKey` stands for `order`, which is a new array each render.
  useEffect(() => {
    const controller = new AbortController();
    const signal = controller.signal;
    exposureWindow(flagKey, env, last, nowMs, signal)
      .then(async ({ fromS, toS, bucket, step }) => {
        const from = new Date(fromS * 1000).toISOString();
        const to = new Date(toS * 1000).toISOString();
        const [answer, markers] = await Promise.all([
          callApi<QueryResult>("POST", "/query", { body: exposuresQuery(flagKey, env, from, to, bucket), signal }),
          callApi<ListAnswer<Marker>>("GET", `/markers${queryString({ from, to, environment: env })}`, { signal }),
        ]);
        const ofFlag = markers.items.filter(
          (m) => m.kind === "change" && m.change.subjectKind === "flag" && m.change.subjectKey === flagKey,
        );
        setData({ ...pivotByVariation(answer, fromS, toS, step, order), markers: ofFlag, bucket });
        setError(null);
      })
      .catch((failure: unknown) => {
        if (!controller.signal.aborted) setError(failure instanceof Error ? failure : new Error(String(failure)));
      });
    return () => controller.abort();
  }, [flagKey, env, last, orderKey, nowMs]);
  return { data, error };
}

/** The window and bucket of a chosen range, or of where the flag's exposure records are. */
async function exposureWindow(flagKey: string, env: string, last: string, nowMs: number, signal: AbortSignal) {
  const chosen = EXPOSURE_RANGES[last];
  if (chosen !== undefined) {
    const toS = Math.ceil(nowMs / 1000 / chosen.step) * chosen.step;
    return { fromS: toS - chosen.seconds, toS, bucket: chosen.bucket, step: chosen.step };
  }
  const where = [{ field: "flag", op: "=", value: flagKey }];
  const answer = await callApi<QueryResult>("POST", "/query", { body: extentQuery(where, env, "exposures"), signal });
  const [earliest, latest] = answer.rows[0] ?? [];
  const rough = dataWindow(extentOf(earliest, latest), nowMs);
  const { bucket, step } = bucketFor(rough.toS - rough.fromS);
  // Whole buckets since the epoch, as the query's buckets are.
  return { fromS: Math.floor(rough.fromS / step) * step, toS: Math.ceil(rough.toS / step) * step, bucket, step };
}
