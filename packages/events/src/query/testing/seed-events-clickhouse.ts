import {
  ASSIGNMENT_COLUMNS,
  EVENT_COLUMNS,
  MESSAGE_COLUMNS,
  SEED_DIMENSIONS,
  SEED_NEW_RELEASE,
  SEED_OLD_RELEASE,
  SEED_SLOW_REGION,
  SEED_START,
} from "./seed-events.js";

/**
 * ClickHouse SQL that fills an empty ClickHouse event schema with `count` events of the same shape and distribution as
 * `seedEventsSql` writes into DuckDB, generated inside the engine from `numbers()` and `sipHash64()` (DuckDB's `hash()`
 * has no ClickHouse twin, so the events are not the same ones, only drawn alike): the same 24 hours, 10 flags, spans,
 * ~300 message texts, seven dimensions and planted effects. Copying DuckDB's rows instead (Parquet out, `file()` in)
 * took most of an hour at 10M events on a loaded 2-core machine; this takes minutes. `assignments` and
 * `event_messages` are derived from the stored events, as ingest derives them, so the three tables agree row for
 * row. The caller merges the parts afterwards (`OPTIMIZE … FINAL`), as the store's optimize() leaves a day.
 */
export function seedEventsClickHouseSql(count: number): string[] {
  const h = (salt: string) => `sipHash64(i, '${salt}')`;
  const dims = Object.entries(SEED_DIMENSIONS);
  const dimKeys = `[${dims.map(([key]) => `'${key}'`).join(", ")}]`;
  const dimValues = `[${dims.map(([key, n]) => `concat('${key.split(".").at(-1)}-', toString(${h(key)} % ${n}))`).join(", ")}]`;
  const stepUs = Math.floor((86_400 * 1_000_000) / count);
  const startUs = Date.parse(SEED_START) * 1000;
  const halfDayUs = 12 * 3_600 * 1_000_000;
  // exp-1's variation of the row's event ('' when it did not evaluate exp-1).
  const exp1 = "variations[indexOf(flags, 'exp-1')]";
  // The k-th message (1-based) of the event row in scope: one expression for event_messages and assignments alike.
  const text = (k: string) => `multiIf(
      ${k} = 1 AND ${exp1} = 'B' AND sipHash64(id, 'retry') % 50 = 0,
        concat('retrying payment after timeout ', toString(sipHash64(id, 'rt') % 3)),
      ${k} = 1 AND release = '${SEED_NEW_RELEASE}' AND sipHash64(id, 'cm') % 40 = 0,
        concat('cache miss for tenant ', toString(sipHash64(id, 'tenant') % 5)),
      concat('message ', toString(sipHash64(id, ${k}) % 300)))`;
  return [
    `INSERT INTO events (${EVENT_COLUMNS})
     SELECT concat('e', toString(i)), ts, toDate(ts),
       if(${h("env")} % 10 = 0, 'staging', 'production'),
       if(${h("name")} % 20 = 0, 'job', 'request'),
       concat('u', toString(${h("unit")} % 100000)),
       if(is_new, '${SEED_NEW_RELEASE}', '${SEED_OLD_RELEASE}'),
       round(exp(2.5 + (${h("dur")} % 1000) / 500.0) * if(dim_values[7] = '${SEED_SLOW_REGION}', 4, 1), 2),
       multiIf(${h("st")} % 100 < 2, '500', ${h("st")} % 100 < 5, '404', '200'),
       flags, variations,
       ${dimKeys}, dim_values, CAST([NULL, NULL, NULL, NULL, NULL, NULL, NULL], 'Array(Nullable(Float64))'),
       ['sql', 'render', 'payment-call'],
       [(${h("sqlms")} % 4000) / 100.0, (${h("rms")} % 2000) / 100.0, (${h("pms")} % 9000) / 100.0],
       CAST([1 + ${h("sqln")} % 8 + if(${exp1} = 'B', 6, 0), 1, ${h("pn")} % 2], 'Array(Int64)'),
       CAST([], 'Array(String)'), CAST([], 'Array(Float64)'),
       1 + ${h("mc")} % 2,
       'seed',
       '{}'
     FROM (
       SELECT i, ts, dim_values, flag_numbers,
         arrayMap(x -> concat('exp-', toString(x)), flag_numbers) AS flags,
         arrayMap(x -> char(65 + sipHash64(i, x, 'v') % (2 + x % 2)), flag_numbers) AS variations,
         i * ${stepUs} >= ${halfDayUs} AS is_new
       FROM (
         SELECT number AS i,
           fromUnixTimestamp64Micro(toInt64(${startUs} + i * ${stepUs}), 'UTC') AS ts,
           ${dimValues} AS dim_values,
           arrayFilter(x -> sipHash64(i, x) % 10 < 4, range(1, 11)) AS flag_numbers
         FROM numbers(${count})))`,
    `INSERT INTO event_messages (${MESSAGE_COLUMNS})
     SELECT id, ts, day, environment, release, name, 1.5 * k, ${text("k")}
     FROM events ARRAY JOIN range(1, toUInt64(message_count) + 1) AS k`,
    `INSERT INTO assignments (${ASSIGNMENT_COLUMNS})
     SELECT id, ts, day, environment, release, flag, variation, name, unit, status, duration_ms,
       span_names, span_ms, span_count, arrayMap(k -> ${text("k")}, range(1, toUInt64(message_count) + 1))
     FROM events ARRAY JOIN flags AS flag, variations AS variation`,
  ];
}
