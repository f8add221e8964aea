SELECT id, ts, environment, name, status, duration_ms, release, flags, variations, attr_keys, attr_str, attr_num FROM events WHERE (unit = {p0:String}) AND (ts >= {p1:DateTime64(6, 'UTC')}) AND (ts < {p2:DateTime64(6, 'UTC')}) ORDER BY ts DESC, id DESC LIMIT {p3:Int64}
-- params: ["u'1","2026-03-01T00:00:00.000Z","2026-03-01T00:10:00.000Z",50]

SELECT ts, environment, flag, variation, rule_id, experiment, release, hash_attribute FROM (SELECT ts, environment, flag, variation, rule_id, experiment, release, hash_attribute, id FROM exposures WHERE unit = {p0:String} ORDER BY ts DESC, id DESC LIMIT {p1:Int64}) AS newest ORDER BY ts ASC, id ASC
-- params: ["u'1",500]

SELECT unit, toString(max(ts)) AS last_seen FROM events WHERE unit IS NOT NULL AND (if(has(attr_keys, {p0:String}), attr_str[indexOf(attr_keys, {p1:String})], NULL) = {p2:String} OR if(has(attr_keys, {p3:String}), attr_str[indexOf(attr_keys, {p4:String})], NULL) = {p5:String}) GROUP BY unit ORDER BY max(ts) DESC, unit LIMIT {p6:Int64}
-- params: ["context.email_hash","context.email_hash","h-1","email_hash","email_hash","h-1",20]

SELECT id, toString(raw) AS raw FROM events WHERE (unit = {p0:String}) AND (ts >= {p1:DateTime64(6, 'UTC')}) AND (ts < {p2:DateTime64(6, 'UTC')}) ORDER BY ts ASC, id ASC LIMIT {p3:Int64}
-- params: ["u'1","2026-03-01T00:00:00.000Z","2026-03-01T00:10:00.000Z",100]
