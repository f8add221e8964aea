import { SEED_START } from "../../packages/events/src/query/testing/seed-events.js";

/** One benchmarked question: our query language and the SQL a person would write for it by hand. */
export interface QueryWorkload {
  bench: string;
  description: string;
  query: Record<string, unknown>;
  sql: string;
  /** The same question in ClickHouse SQL, written by hand for the same table layout. */
  clickhouseSql: string;
  /**
   * Where `clickhouseSql` estimates what ours computes exactly: the hand-written statement with the exact function
   * (`sql-clickhouse-exact`), the same answer to the last digit on the benchmark's unsampled events.
   */
  clickhouseExactSql?: string;
}

const DAY = { from: SEED_START, to: "2026-01-02T00:00:00Z" };
const DIMENSIONS = ["http.route", "http.method", "user.country", "user.plan", "device.os", "client.version", "region"];
const dims = DIMENSIONS.map((_, i) => `d${i}`).join(", ");
const attr = (key: string) => `attr_str[list_position(attr_keys, '${key}')]`;
const chAttr = (key: string) => `attr_str[indexOf(attr_keys, '${key}')]`;
// ClickHouse's grouping() follows the SQL standard (1 = aggregated away), like DuckDB's GROUPING_ID.
const chCase = (then: (i: number) => string) =>
  `CASE grouping(${dims}) ${DIMENSIONS.map((_, i) => `WHEN ${127 - 2 ** (6 - i)} THEN ${then(i)}`).join(" ")} END`;

/** The four questions of the issue, on the seeded 10M-event day. */
export const QUERY_WORKLOADS: readonly QueryWorkload[] = [
  {
    bench: "query.a",
    description: "per variation of exp-1: count, avg and p95 of duration, SQL ms per execution",
    query: {
      kind: "aggregate",
      where: [{ field: "assignments.exp-1", op: "exists" }],
      groupBy: ["assignments.exp-1"],
      aggregates: [
        { fn: "count" },
        { fn: "avg", field: "durationMs" },
        { fn: "p95", field: "durationMs" },
        { fn: "ratio", field: "spans.sql.ms", per: "spans.sql.count" },
      ],
    },
    sql: `SELECT variation, count(*), avg(duration_ms), quantile_cont(duration_ms, 0.95),
            sum(span_ms[list_position(span_names, 'sql')]) / sum(span_count[list_position(span_names, 'sql')])
          FROM assignments WHERE flag = 'exp-1' GROUP BY 1 ORDER BY 2 DESC`,
    clickhouseSql: `SELECT variation, count(), avg(duration_ms), quantile(0.95)(duration_ms),
            sum(span_ms[indexOf(span_names, 'sql')]) / sum(span_count[indexOf(span_names, 'sql')])
          FROM assignments WHERE flag = 'exp-1' GROUP BY variation ORDER BY 2 DESC`,
    // `quantile` estimates from a sample of 8,192 values; ours is the exact R-7 percentile, as DuckDB's quantile_cont.
    clickhouseExactSql: `SELECT variation, count(), avg(duration_ms), quantileExactInclusive(0.95)(duration_ms),
            sum(span_ms[indexOf(span_names, 'sql')]) / sum(span_count[indexOf(span_names, 'sql')])
          FROM assignments WHERE flag = 'exp-1' GROUP BY variation ORDER BY 2 DESC`,
  },
  {
    bench: "query.b",
    description: "messages said in exp-1=B and never in exp-1=A",
    query: {
      kind: "messages-diff",
      selection: [{ field: "assignments.exp-1", op: "=", value: "B" }],
      baseline: [{ field: "assignments.exp-1", op: "=", value: "A" }],
    },
    // The best hand-written SQL for this layout: the bridge table carries each event's message texts.
    sql: `SELECT text, count(*), min(ts), max(ts)
          FROM (SELECT unnest(message_texts) AS text, ts, variation FROM assignments
                WHERE flag = 'exp-1' AND variation IN ('A', 'B'))
          GROUP BY text HAVING count(*) FILTER (WHERE variation = 'A') = 0
          ORDER BY 2 DESC LIMIT 100`,
    clickhouseSql: `SELECT text, count(), min(ts), max(ts)
          FROM (SELECT arrayJoin(message_texts) AS text, ts, variation FROM assignments
                WHERE flag = 'exp-1' AND variation IN ('A', 'B'))
          GROUP BY text HAVING countIf(variation = 'A') = 0
          ORDER BY 2 DESC LIMIT 100`,
  },
  {
    bench: "query.c",
    description: "per-minute series over 24 h: count and avg duration",
    query: {
      kind: "aggregate",
      ...DAY,
      bucket: "1m",
      aggregates: [{ fn: "count" }, { fn: "avg", field: "durationMs" }],
      limit: 1440,
    },
    sql: `SELECT date_trunc('minute', ts) AS minute, count(*), avg(duration_ms) FROM events
          WHERE ts >= TIMESTAMP '${DAY.from}' AND ts < TIMESTAMP '${DAY.to}' GROUP BY 1 ORDER BY 1`,
    clickhouseSql: `SELECT toStartOfMinute(ts) AS minute, count(), avg(duration_ms) FROM events
          WHERE ts >= parseDateTime64BestEffort('${DAY.from}', 3, 'UTC') AND ts < parseDateTime64BestEffort('${DAY.to}', 3, 'UTC')
          GROUP BY minute ORDER BY minute`,
  },
  {
    bench: "query.d",
    description: "BubbleUp of durationMs > 150 vs the rest over 7 dimensions",
    query: {
      kind: "bubbleup",
      selection: [{ field: "durationMs", op: ">", value: 150 }],
      dimensions: DIMENSIONS.map((key) => `fields.${key}`),
    },
    // MATERIALIZED: otherwise DuckDB turns the share windows into a self-join that scans the events twice.
    sql: `WITH counts AS MATERIALIZED (
            SELECT CASE GROUPING_ID(${dims}) ${DIMENSIONS.map((_, i) => `WHEN ${127 - 2 ** (6 - i)} THEN ${i}`).join(" ")} END AS dim,
              CASE GROUPING_ID(${dims}) ${DIMENSIONS.map((_, i) => `WHEN ${127 - 2 ** (6 - i)} THEN d${i}`).join(" ")} END AS value,
              count(*) FILTER (WHERE sel) AS s, count(*) FILTER (WHERE NOT sel) AS b
            FROM (SELECT duration_ms > 150 AS sel, ${DIMENSIONS.map((key, i) => `${attr(key)} AS d${i}`).join(", ")} FROM events)
            GROUP BY GROUPING SETS (${DIMENSIONS.map((_, i) => `(d${i})`).join(", ")})),
          shares AS (
            SELECT dim, value, s / sum(s) OVER (PARTITION BY dim) AS ps, b / sum(b) OVER (PARTITION BY dim) AS pb FROM counts),
          scored AS (
            SELECT dim, value, ps, pb, 0.5 * sum(abs(ps - pb)) OVER (PARTITION BY dim) AS score,
              row_number() OVER (PARTITION BY dim ORDER BY abs(ps - pb) DESC) AS rank FROM shares)
          SELECT dim, score, value, ps, pb FROM scored WHERE rank <= 5 ORDER BY score DESC, dim, rank`,
    clickhouseSql: `WITH counts AS (
            SELECT ${chCase((i) => String(i))} AS dim, ${chCase((i) => `d${i}`)} AS value,
              countIf(sel) AS s, countIf(NOT sel) AS b
            FROM (SELECT duration_ms > 150 AS sel, ${DIMENSIONS.map((key, i) => `${chAttr(key)} AS d${i}`).join(", ")} FROM events)
            GROUP BY GROUPING SETS (${DIMENSIONS.map((_, i) => `(d${i})`).join(", ")})),
          shares AS (
            SELECT dim, value, s / sum(s) OVER (PARTITION BY dim) AS ps, b / sum(b) OVER (PARTITION BY dim) AS pb FROM counts),
          scored AS (
            SELECT dim, value, ps, pb, 0.5 * sum(abs(ps - pb)) OVER (PARTITION BY dim) AS score,
              row_number() OVER (PARTITION BY dim ORDER BY abs(ps - pb) DESC) AS rank FROM shares)
          SELECT dim, score, value, ps, pb FROM scored WHERE rank <= 5 ORDER BY score DESC, dim, rank`,
  },
];
