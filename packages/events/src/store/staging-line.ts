import type { Exposure, IngestItem, WideEvent } from "@switchboard/core";
import { flattenFields } from "./flatten-fields.js";

/**
 * Serialises one item as one NDJSON line of the staging format that DuckDB's native reader loads (`k` = `e` for an
 * event, `x` for an exposure). The shape is engine-neutral, so a ClickHouse adapter can send the same lines with
 * `INSERT … FORMAT JSONEachRow`. `rawText`, the item's JSON as received, becomes an event's `raw` as is: serialising
 * the event again would be the largest single cost of ingest.
 */
export function stagingLine(item: IngestItem, environment: string, batchId: string, rawText?: string): string {
  if (item.type !== "event") return JSON.stringify(exposureRow(item, environment, batchId));
  const row = JSON.stringify(eventRow(item, environment, batchId));
  return `${row.slice(0, -1)},"raw":${rawText ?? JSON.stringify(item)}}`;
}

function eventRow(event: WideEvent, environment: string, batchId: string): Record<string, unknown> {
  const attributes = flattenFields(event.fields);
  const flags = event.assignments === undefined ? [] : Object.keys(event.assignments);
  const spanNames = event.spans === undefined ? [] : Object.keys(event.spans);
  const counterNames = event.counters === undefined ? [] : Object.keys(event.counters);
  const messages = event.messages ?? [];
  return {
    k: "e",
    id: event.id,
    t: Date.parse(event.ts),
    env: environment,
    b: batchId,
    name: event.name,
    unit: event.unit ?? null,
    rel: event.release ?? null,
    dur: event.durationMs ?? null,
    st: event.status === undefined ? null : String(event.status),
    fl: flags,
    va: flags.map((flag) => event.assignments?.[flag]),
    ak: attributes.keys,
    as: attributes.str,
    an: attributes.num,
    sn: spanNames,
    sm: spanNames.map((name) => event.spans?.[name]?.ms),
    sc: spanNames.map((name) => event.spans?.[name]?.count),
    cn: counterNames,
    cv: counterNames.map((name) => event.counters?.[name]),
    mt: messages.map((message) => message.text),
    ma: messages.map((message) => message.atMs),
    sr: event.sampleRate ?? null,
  };
}

function exposureRow(exposure: Exposure, environment: string, batchId: string): Record<string, unknown> {
  return {
    k: "x",
    id: exposure.id,
    t: Date.parse(exposure.ts),
    env: environment,
    b: batchId,
    unit: exposure.unit,
    ha: exposure.hashAttribute,
    flag: exposure.flag,
    var: exposure.variation,
    rule: exposure.ruleId,
    exp: exposure.experiment ?? null,
    inx: exposure.inExperiment ?? null,
    rel: exposure.release ?? null,
  };
}
