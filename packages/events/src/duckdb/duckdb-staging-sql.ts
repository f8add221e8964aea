/** The column types DuckDB's reader applies to staging lines (see `staging-line.ts`). */
const STAGING_COLUMNS = `{k: 'VARCHAR', id: 'VARCHAR', t: 'BIGINT', env: 'VARCHAR', b: 'VARCHAR', name: 'VARCHAR',
  unit: 'VARCHAR', rel: 'VARCHAR', dur: 'DOUBLE', st: 'VARCHAR', fl: 'VARCHAR[]', va: 'VARCHAR[]', ak: 'VARCHAR[]',
  "as": 'VARCHAR[]', an: 'DOUBLE[]', sn: 'VARCHAR[]', sm: 'DOUBLE[]', sc: 'BIGINT[]', cn: 'VARCHAR[]', cv: 'DOUBLE[]',
  mt: 'VARCHAR[]', ma: 'DOUBLE[]', raw: 'JSON', ha: 'VARCHAR', flag: 'VARCHAR', var: 'VARCHAR', rule: 'VARCHAR',
  exp: 'VARCHAR', inx: 'BOOLEAN', sr: 'DOUBLE'}`;

/** Loads a staging file (path as the only parameter) into a temporary table, converting times once. */
export const LOAD_STAGING_SQL = `CREATE OR REPLACE TEMP TABLE staging AS
  SELECT *, make_timestamp(t * 1000) AS ts, DATE '1970-01-01' + CAST(t // 86400000 AS INTEGER) AS day
  FROM read_json(?, format = 'newline_delimited', columns = ${STAGING_COLUMNS})`;

/** Moves the staged rows into the event tables; run inside the batch transaction after `LOAD_STAGING_SQL`. */
export const INSERT_FROM_STAGING_SQL: readonly string[] = [
  `INSERT INTO events SELECT id, ts, day, env, name, unit, rel, dur, st, fl, va, ak, "as", an, sn, sm, sc, cn, cv,
     coalesce(len(mt), 0), b, raw, coalesce(sr, 1) FROM staging WHERE k = 'e'`,
  `INSERT INTO assignments SELECT id, ts, day, env, rel, unnest(fl), unnest(va), name, unit, st, dur, sn, sm, sc, mt,
     coalesce(sr, 1) FROM staging WHERE k = 'e' AND len(fl) > 0 ORDER BY 6, 7, 2`,
  `INSERT INTO event_messages SELECT id, ts, day, env, rel, name, unnest(ma), unnest(mt) FROM staging WHERE k = 'e'`,
  `INSERT INTO exposures SELECT id, ts, day, env, unit, ha, flag, var, rule, exp, inx, rel, b FROM staging WHERE k = 'x'`,
  "DROP TABLE staging",
];
