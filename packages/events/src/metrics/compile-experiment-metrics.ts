import { filterExpr, timeParam, valueExpr } from "../query/compile-filter.js";
import type { Dialect } from "../query/dialects/dialect.js";
import { renderSql } from "../query/render-sql.js";
import type { ResolvedFilter } from "../query/resolve-filter.js";
import { and, type Fragment, join, param, raw, sql } from "../query/sql-fragment.js";
import { weightedQuantile } from "../query/weighted-aggregates.js";
import type { SqlStatement } from "../store/event-store.js";
import { quantileGrid } from "./quantile-grid.js";
import type { ResolvedEventValue, ResolvedMetric } from "./resolve-metric.js";

/** The experiment, environment and window whose exposed units a metric statement aggregates. */
export interface ExperimentMetricsScope {
  environment: string;
  /** The experiment key that exposures carry. */
  experiment: string;
  /** Start of the analysis (the phase's start or a later `from`), inclusive. */
  start: Date;
  /** End of the analysis (the phase's end, `to` or now), exclusive. */
  end: Date;
  /** How far before each unit's first exposure its pre-exposure (CUPED) values are read. */
  lookbackMicros: number;
}

/** The default CUPED lookback: 14 days before each unit's first exposure. */
export const DEFAULT_LOOKBACK_MICROS = 14 * 86_400e6;

/**
 * Compiles the unit-level aggregation of an experiment's metrics into one statement of the dialect:
 *
 * 1. `exposed`: each unit's first exposure to the experiment in the window, and how many variations it saw;
 * 2. `units`: the units that saw exactly one (the others are counted in a row of their own and left out);
 * 3. `matched`: their events from `lookback` before the window to its end, with each metric's per-event value;
 * 4. `per_unit`: per unit, each metric after first exposure (within the metric's window) and, for CUPED, before it;
 * 5. per variation: the sufficient statistics (counts, sums, sums of squares and cross products) the statistics
 *    need, so that no per-unit row ever leaves the store.
 *
 * An event counts as after exposure when it was still running at the first exposure (its start plus its duration
 * reaches it): the request that served the experiment belongs to the experiment. The result's columns are
 * `experimentMetricColumns(metrics)`.
 */
export function compileExperimentMetrics(
  scope: ExperimentMetricsScope,
  metrics: readonly ResolvedMetric[],
  dialect: Dialect,
): SqlStatement {
  const quantiles = metrics.some((metric) => metric.kind === "quantile");
  // `matched` holds every matched event (20M rows in the analysis bench): written out only when two steps read it
  // (quantiles); read once, the engine streams it straight into the per-unit aggregation.
  const matched = matchedSql(scope, metrics, dialect);
  const ctes = [
    dialect.materializedCte("exposed", exposedSql(scope, dialect)),
    dialect.materializedCte("units", raw("SELECT unit, first_ts, variation FROM exposed WHERE variation_count = 1")),
    quantiles ? dialect.materializedCte("matched", matched) : sql`matched AS (${matched})`,
  ];
  if (quantiles) ctes.push(dialect.materializedCte("qhat", qhatSql(metrics)));
  ctes.push(dialect.materializedCte("per_unit", perUnitSql(scope, metrics, quantiles)));
  const percentileCaps = metrics.some((metric) => metric.kind === "mean" && metric.cap && "percentile" in metric.cap);
  if (percentileCaps) ctes.push(sql`caps AS (${capsSql(metrics, dialect)})`);
  const statement = sql`WITH ${join(ctes, ", ")} ${finalSql(metrics, dialect, quantiles, percentileCaps)}${dialect.nullJoinSettings}`;
  return renderSql(statement, dialect);
}

function exposedSql(scope: ExperimentMetricsScope, dialect: Dialect): Fragment {
  return sql`SELECT x.unit AS unit, min(x.ts) AS first_ts, min(x.variation) AS variation, ${dialect.countDistinct(raw("x.variation"))} AS variation_count FROM exposures x WHERE x.environment = ${param(scope.environment)} AND x.experiment = ${param(scope.experiment)} AND x.ts >= ${timeParam(scope.start)} AND x.ts < ${timeParam(scope.end)} AND coalesce(x.in_experiment, TRUE) GROUP BY x.unit`;
}

function matchedSql(scope: ExperimentMetricsScope, metrics: readonly ResolvedMetric[], dialect: Dialect): Fragment {
  const after = dialect.microsBetween(raw("u.first_ts"), raw("e.ts"));
  const columns: Fragment[] = [
    raw("u.unit AS unit"),
    raw("u.variation AS variation"),
    sql`${after} AS after_us`,
    sql`${after} + coalesce(e.duration_ms, 0) * 1000 AS end_us`,
    raw("e.sample_rate AS w"),
  ];
  metrics.forEach((metric, i) => {
    columns.push(...perEventColumns(metric, i, dialect));
  });
  const from = new Date(scope.start.getTime() - scope.lookbackMicros / 1000);
  return sql`SELECT ${columns} FROM events e JOIN units u ON e.unit = u.unit WHERE e.environment = ${param(scope.environment)} AND e.ts >= ${timeParam(from)} AND e.ts < ${timeParam(scope.end)}`;
}

// Each metric's value per event: NULL (proportion, quantile) or 0 where the event does not match its filters. Counts, sums and
// conversions are weighted by the event's sample rate (the events it stands for), so a unit's totals are unbiased
// estimates of what it did; a quantile's value stays as it is and its weight `w` enters the weighted percentile.
function perEventColumns(metric: ResolvedMetric, i: number, dialect: Dialect): Fragment[] {
  const where = metric.where;
  switch (metric.kind) {
    case "proportion":
      return [sql`${when(where, raw("e.sample_rate"), raw("NULL"), dialect)} AS v${raw(String(i))}`];
    case "mean":
      return [sql`${when(where, eventValue(metric.value, dialect), raw("0"), dialect)} AS v${raw(String(i))}`];
    case "ratio": {
      const numerator = when(
        [...where, ...metric.numerator.where],
        eventValue(metric.numerator.value, dialect),
        raw("0"),
        dialect,
      );
      const denominator = when(
        [...where, ...metric.denominator.where],
        eventValue(metric.denominator.value, dialect),
        raw("0"),
        dialect,
      );
      return [sql`${numerator} AS n${raw(String(i))}`, sql`${denominator} AS d${raw(String(i))}`];
    }
    case "quantile":
      return [sql`${when(where, valueExpr(metric.field, true, dialect), raw("NULL"), dialect)} AS v${raw(String(i))}`];
  }
}

function when(filters: readonly ResolvedFilter[], then: Fragment, otherwise: Fragment, dialect: Dialect): Fragment {
  if (filters.length === 0) return then;
  const condition = and(filters.map((filter) => filterExpr(filter, "events", dialect)));
  return sql`CASE WHEN ${condition} THEN ${then} ELSE ${otherwise} END`;
}

function eventValue(value: ResolvedEventValue, dialect: Dialect): Fragment {
  if (value.aggregate === "count") return raw("e.sample_rate");
  return sql`coalesce(${valueExpr(value.field, true, dialect)}, 0) * e.sample_rate`;
}

// After first exposure (within the metric's window) and, for CUPED, in the lookback before it.
function postCondition(metric: ResolvedMetric): Fragment {
  if (metric.windowMicros === undefined) return raw("m.end_us >= 0");
  return sql`m.end_us >= 0 AND m.after_us < ${param(metric.windowMicros, "integer")}`;
}

function preCondition(scope: ExperimentMetricsScope): Fragment {
  return sql`m.end_us < 0 AND m.after_us >= ${param(-scope.lookbackMicros, "integer")}`;
}

// Per variation, each quantile metric's weighted percentile and the grid around it, over the events after exposure:
// a window pass gives each event its cumulative weight in value order (`weightedQuantile`).
function qhatSql(metrics: readonly ResolvedMetric[]): Fragment {
  const windowed: Fragment[] = [raw("m.variation AS variation"), raw("m.w AS w")];
  const columns: Fragment[] = [raw("s.variation AS variation")];
  metrics.forEach((metric, index) => {
    if (metric.kind !== "quantile") return;
    const i = String(index);
    const value = sql`CASE WHEN ${postCondition(metric)} THEN m.v${raw(i)} END`;
    const cumulative = sql`sum(m.w) OVER (PARTITION BY m.variation ORDER BY ${value} ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)`;
    windowed.push(
      sql`${value} AS v${raw(i)}`,
      sql`CASE WHEN ${value} IS NOT NULL THEN ${cumulative} END AS cw${raw(i)}`,
      sql`sum(CASE WHEN ${value} IS NOT NULL THEN m.w END) OVER (PARTITION BY m.variation) AS tw${raw(i)}`,
    );
    const at = (level: number) =>
      weightedQuantile(raw(`s.v${i}`), raw(`s.cw${i}`), raw(`${safeLevel(level)} * (s.tw${i} - 1)`));
    columns.push(sql`${at(metric.level)} AS q${raw(i)}`);
    columns.push(sql`[${join(quantileGrid(metric.level).map(at), ", ")}] AS g${raw(i)}`);
    columns.push(sql`coalesce(sum(CASE WHEN s.v${raw(i)} IS NOT NULL THEN s.w END), 0) AS e${raw(i)}`);
  });
  return sql`SELECT ${columns} FROM (SELECT ${windowed} FROM matched m) s GROUP BY s.variation`;
}

function perUnitSql(scope: ExperimentMetricsScope, metrics: readonly ResolvedMetric[], quantiles: boolean): Fragment {
  const columns: Fragment[] = [raw("u.unit AS unit"), raw("u.variation AS variation")];
  metrics.forEach((metric, i) => {
    columns.push(...perUnitColumns(scope, metric, String(i)));
  });
  const qhat = quantiles ? raw(" LEFT JOIN qhat q ON q.variation = u.variation") : raw("");
  return sql`SELECT ${columns} FROM units u LEFT JOIN matched m ON m.unit = u.unit${qhat} GROUP BY u.unit, u.variation`;
}

function perUnitColumns(scope: ExperimentMetricsScope, metric: ResolvedMetric, i: string): Fragment[] {
  const post = postCondition(metric);
  const pre = preCondition(scope);
  const total = (fn: string, condition: Fragment, column: string) =>
    sql`coalesce(${raw(fn)}(CASE WHEN ${condition} THEN m.${raw(column)} END), 0)`;
  switch (metric.kind) {
    case "proportion":
      // A unit converted when one of its matching events was kept: 1 if one was kept at full rate, else the rate its
      // events were sampled at (the Horvitz–Thompson estimate of its 0/1 outcome when a unit's events are sampled
      // together, as sampling by unit does; docs/sampling.md).
      return [sql`${total("min", post, `v${i}`)} AS v${raw(i)}`, sql`${total("min", pre, `v${i}`)} AS c${raw(i)}`];
    case "mean":
      return [sql`${total("sum", post, `v${i}`)} AS v${raw(i)}`, sql`${total("sum", pre, `v${i}`)} AS c${raw(i)}`];
    case "ratio":
      return [
        sql`${total("sum", post, `n${i}`)} AS n${raw(i)}`,
        sql`${total("sum", post, `d${i}`)} AS d${raw(i)}`,
        sql`${total("sum", pre, `n${i}`)} AS pn${raw(i)}`,
        sql`${total("sum", pre, `d${i}`)} AS pd${raw(i)}`,
      ];
    case "quantile":
      // The events at or below the variation's estimate, and all its events: the unit-level ratio whose variance
      // gives the quantile's interval when units have several events.
      return [
        sql`coalesce(sum(CASE WHEN ${post} AND m.v${raw(i)} <= q.q${raw(i)} THEN m.w ELSE 0 END), 0) AS n${raw(i)}`,
        sql`coalesce(sum(CASE WHEN ${post} AND m.v${raw(i)} IS NOT NULL THEN m.w ELSE 0 END), 0) AS d${raw(i)}`,
      ];
  }
}

function capsSql(metrics: readonly ResolvedMetric[], dialect: Dialect): Fragment {
  const columns: Fragment[] = [];
  metrics.forEach((metric, i) => {
    if (metric.kind !== "mean" || metric.cap === undefined || !("percentile" in metric.cap)) return;
    columns.push(
      sql`${dialect.exactQuantile(raw(`p.v${i}`), safeLevel(metric.cap.percentile))} AS cap${raw(String(i))}`,
    );
  });
  return sql`SELECT ${columns} FROM per_unit p`;
}

// Levels are written into the statement (engines take them only as constants): a finite number in (0, 1).
function safeLevel(level: number): number {
  if (!(Number.isFinite(level) && level > 0 && level < 1))
    throw new RangeError(`quantile level ${level} is not in (0, 1)`);
  return level;
}

function finalSql(metrics: readonly ResolvedMetric[], dialect: Dialect, quantiles: boolean, caps: boolean): Fragment {
  const sumOf = (expr: Fragment) => dialect.toFloat(sql`sum(${expr})`);
  const columns: Fragment[] = [
    raw("'variation' AS row_kind"),
    raw("p.variation AS variation"),
    sql`${dialect.toFloat(raw("count(*)"))} AS units`,
  ];
  const empty: Fragment[] = [
    raw("'multiple' AS row_kind"),
    raw("NULL AS variation"),
    sql`${dialect.toFloat(raw("count(*)"))} AS units`,
  ];
  metrics.forEach((metric, index) => {
    const i = String(index);
    const pairs = (a: Fragment, b: Fragment) => [
      sumOf(a),
      sumOf(sql`${a} * ${a}`),
      sumOf(b),
      sumOf(sql`${b} * ${b}`),
      sumOf(sql`${a} * ${b}`),
    ];
    if (metric.kind === "proportion" || metric.kind === "mean") {
      const value = capped(metric, raw(`p.v${i}`), i, dialect);
      const covariate = capped(metric, raw(`p.c${i}`), i, dialect);
      columns.push(...pairs(value, covariate));
      empty.push(...Array.from({ length: 5 }, () => raw("NULL")));
    } else if (metric.kind === "ratio") {
      const [n, d, pn, pd] = ["n", "d", "pn", "pd"].map((name) => raw(`p.${name}${i}`)) as [
        Fragment,
        Fragment,
        Fragment,
        Fragment,
      ];
      columns.push(...pairs(n, d), ...pairs(pn, pd).slice(0, 4));
      // The cross products of this period's numerator and denominator with the pre-exposure ones (ratio CUPED).
      columns.push(
        ...[sql`${pn} * ${pd}`, sql`${n} * ${pn}`, sql`${d} * ${pd}`, sql`${n} * ${pd}`, sql`${d} * ${pn}`].map(sumOf),
      );
      empty.push(...Array.from({ length: 14 }, () => raw("NULL")));
    } else {
      columns.push(
        dialect.anyValue(raw(`q.q${i}`)),
        dialect.anyValue(raw(`q.g${i}`)),
        dialect.toFloat(dialect.anyValue(raw(`q.e${i}`))),
        sumOf(raw(`CASE WHEN p.d${i} > 0 THEN 1 ELSE 0 END`)),
      );
      columns.push(...pairs(raw(`p.n${i}`), raw(`p.d${i}`)));
      empty.push(raw("NULL"), raw("[]"), ...Array.from({ length: 7 }, () => raw("NULL")));
    }
  });
  const joins = `${caps ? " CROSS JOIN caps k" : ""}${quantiles ? " LEFT JOIN qhat q ON q.variation = p.variation" : ""}`;
  const perVariation = sql`SELECT ${columns} FROM per_unit p${raw(joins)} GROUP BY p.variation`;
  const multiple = sql`SELECT ${empty} FROM exposed WHERE variation_count > 1`;
  return sql`${perVariation} UNION ALL ${multiple}`;
}

// The value as a float first: a count is an integer, and ClickHouse's least() refuses an integer and a float.
function capped(metric: ResolvedMetric, value: Fragment, i: string, dialect: Dialect): Fragment {
  if (metric.kind !== "mean" || metric.cap === undefined) return value;
  if ("absolute" in metric.cap) return sql`least(${dialect.toFloat(value)}, ${param(metric.cap.absolute)})`;
  return sql`least(${dialect.toFloat(value)}, k.cap${raw(i)})`;
}
