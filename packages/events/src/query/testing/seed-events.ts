/** Where the seeded day starts (UTC); every seeded event falls in the 24 hours after it. */
export const SEED_START = "2026-01-01T00:00:00Z";

/** The release deployed for the second half of the seeded day (the first half runs `SEED_OLD_RELEASE`). */
export const SEED_NEW_RELEASE = "a1b2c3d";
/** The release of the first half of the seeded day. */
export const SEED_OLD_RELEASE = "64fd32f";

/** The seven string dimensions of every seeded event, with how many distinct values each has. */
export const SEED_DIMENSIONS: Readonly<Record<string, number>> = {
  "http.route": 20,
  "http.method": 4,
  "user.country": 30,
  "user.plan": 3,
  "device.os": 5,
  "client.version": 10,
  region: 6,
};

/** The planted effect: events in this region are slow (BubbleUp should rank `fields.region` first). */
export const SEED_SLOW_REGION = "region-5";

// The columns each seeded table is written by name: columns added by later migrations (`sample_rate`) take their
// defaults, as rows written before them do.
/** The seeded columns of `events`, in the order the seed writes them. */
export const EVENT_COLUMNS =
  "id, ts, day, environment, name, unit, release, duration_ms, status, flags, variations, attr_keys, attr_str, attr_num, span_names, span_ms, span_count, counter_names, counter_values, message_count, batch_id, raw";
/** The seeded columns of `assignments`, in the order the seed writes them. */
export const ASSIGNMENT_COLUMNS =
  "event_id, ts, day, environment, release, flag, variation, name, unit, status, duration_ms, span_names, span_ms, span_count, message_texts";
/** The seeded columns of `event_messages`, in the order the seed writes them. */
export const MESSAGE_COLUMNS = "event_id, ts, day, environment, release, name, at_ms, text";

/**
 * SQL that fills an empty event schema with `count` deterministic events over 24 hours, straight from `range()` and
 * `hash()` (no round trip through JavaScript). Shape: 10 flags `exp-1`…`exp-10` (each on ~40% of events, 2 or 3
 * variations), spans `sql`/`render`/`payment-call`, ~300 distinct message texts, seven string dimensions.
 * Planted: `exp-1=B` runs more SQL, says `"retrying payment"` messages never said elsewhere, and the new release
 * says `"cache miss for tenant N"` messages never said before it. The assignments table is written sorted by
 * (flag, variation, ts), as the store's optimize() leaves it.
 */
export function seedEventsSql(count: number): string[] {
  const h = (salt: string) => `hash(i, '${salt}')`;
  const dims = Object.entries(SEED_DIMENSIONS);
  const dimKeys = `[${dims.map(([key]) => `'${key}'`).join(", ")}]`;
  const dimValues = `[${dims.map(([key, n]) => `'${key.split(".").at(-1)}-' || (${h(key)} % ${n})`).join(", ")}]`;
  const stepUs = Math.floor((86_400 * 1_000_000) / count);
  return [
    `CREATE TEMP TABLE seed AS
     SELECT i,
       TIMESTAMP '${SEED_START}' + to_microseconds((i * ${stepUs})::BIGINT) AS ts,
       ${dimValues} AS dim_values,
       [x FOR x IN range(1, 11) IF hash(i, x) % 10 < 4] AS flag_numbers
     FROM range(${count}) t(i)`,
    `CREATE TEMP TABLE seed2 AS
     SELECT *,
       list_transform(flag_numbers, x -> 'exp-' || x) AS flags,
       list_transform(flag_numbers, x -> chr(65 + (hash(i, x, 'v') % (2 + x % 2))::INTEGER)) AS variations,
       ts >= TIMESTAMP '${SEED_START}' + INTERVAL 12 HOUR AS is_new
     FROM seed`,
    `INSERT INTO events (${EVENT_COLUMNS})
     SELECT 'e' || i, ts, ts::DATE,
       CASE WHEN ${h("env")} % 10 = 0 THEN 'staging' ELSE 'production' END,
       CASE WHEN ${h("name")} % 20 = 0 THEN 'job' ELSE 'request' END,
       'u' || (${h("unit")} % 100000),
       CASE WHEN is_new THEN '${SEED_NEW_RELEASE}' ELSE '${SEED_OLD_RELEASE}' END,
       round(exp(2.5 + (${h("dur")} % 1000) / 500.0) * CASE WHEN dim_values[7] = '${SEED_SLOW_REGION}' THEN 4 ELSE 1 END, 2),
       CASE WHEN ${h("st")} % 100 < 2 THEN '500' WHEN ${h("st")} % 100 < 5 THEN '404' ELSE '200' END,
       flags, variations,
       ${dimKeys}, dim_values, [NULL::DOUBLE, NULL, NULL, NULL, NULL, NULL, NULL],
       ['sql', 'render', 'payment-call'],
       [(${h("sqlms")} % 4000) / 100.0, (${h("rms")} % 2000) / 100.0, (${h("pms")} % 9000) / 100.0],
       [1 + ${h("sqln")} % 8 + CASE WHEN list_contains(flags, 'exp-1') AND variations[list_position(flags, 'exp-1')] = 'B' THEN 6 ELSE 0 END, 1, ${h("pn")} % 2],
       [], [],
       1 + ${h("mc")} % 2,
       'seed',
       '{}'
     FROM seed2`,
    `INSERT INTO event_messages (${MESSAGE_COLUMNS})
     SELECT e.id, e.ts, e.day, e.environment, e.release, e.name, 1.5 * m.k,
       CASE
         WHEN m.k = 1 AND list_contains(e.flags, 'exp-1') AND e.variations[list_position(e.flags, 'exp-1')] = 'B'
           AND hash(e.id, 'retry') % 50 = 0 THEN 'retrying payment after timeout ' || (hash(e.id, 'rt') % 3)
         WHEN m.k = 1 AND e.release = '${SEED_NEW_RELEASE}' AND hash(e.id, 'cm') % 40 = 0
           THEN 'cache miss for tenant ' || (hash(e.id, 'tenant') % 5)
         ELSE 'message ' || (hash(e.id, m.k) % 300)
       END
     FROM events e, (SELECT unnest(range(1, 3)) AS k) m
     WHERE m.k <= e.message_count`,
    `INSERT INTO assignments (${ASSIGNMENT_COLUMNS})
     SELECT e.id, e.ts, e.day, e.environment, e.release, unnest(e.flags), unnest(e.variations), e.name, e.unit,
       e.status, e.duration_ms, e.span_names, e.span_ms, e.span_count, m.texts
     FROM events e LEFT JOIN (SELECT event_id, list(text ORDER BY at_ms) AS texts FROM event_messages GROUP BY 1) m
       ON m.event_id = e.id
     ORDER BY 6, 7, 2`,
    "DROP TABLE seed",
    "DROP TABLE seed2",
  ];
}
