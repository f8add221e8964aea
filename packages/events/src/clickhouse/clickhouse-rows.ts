import type { Exposure, IngestItem, WideEvent } from "@switchboard/core";
import { flattenFields } from "../store/flatten-fields.js";

type Row = Record<string, unknown>;

/** The rows one batch adds to each event table (inserted as JSONEachRow). */
export interface TableRows {
  events: Row[];
  assignments: Row[];
  event_messages: Row[];
  exposures: Row[];
}

/** `2026-03-01 12:00:00.000`: how ClickHouse reads a `DateTime64(3, 'UTC')` from text, whatever its input settings. */
export function clickHouseTime(ms: number): string {
  return new Date(ms).toISOString().replace("T", " ").slice(0, 23);
}

/**
 * Serialises a batch into the rows of every event table, the same split the DuckDB store makes (the `assignments`
 * bridge carries one row per event and flag with the event's measures and message texts). `rawTexts[i]`, the item's
 * JSON as received, becomes an event's `raw` as is.
 */
export function tableRows(
  items: readonly IngestItem[],
  environment: string,
  batchId: string,
  rawTexts?: readonly string[],
): TableRows {
  const rows: TableRows = { events: [], assignments: [], event_messages: [], exposures: [] };
  items.forEach((item, index) => {
    if (item.type === "event") addEvent(rows, item, environment, batchId, rawTexts?.[index]);
    else rows.exposures.push(exposureRow(item, environment, batchId));
  });
  return rows;
}

function addEvent(rows: TableRows, event: WideEvent, environment: string, batchId: string, rawText?: string): void {
  const ms = Date.parse(event.ts);
  const ts = clickHouseTime(ms);
  const day = ts.slice(0, 10);
  const release = event.release ?? null;
  const status = event.status === undefined ? null : String(event.status);
  const attributes = flattenFields(event.fields);
  const flags = event.assignments === undefined ? [] : Object.keys(event.assignments);
  const variations = flags.map((flag) => event.assignments?.[flag] ?? "");
  const spanNames = event.spans === undefined ? [] : Object.keys(event.spans);
  const spanMs = spanNames.map((name) => event.spans?.[name]?.ms ?? 0);
  const spanCount = spanNames.map((name) => event.spans?.[name]?.count ?? 0);
  const counterNames = event.counters === undefined ? [] : Object.keys(event.counters);
  const messages = event.messages ?? [];
  const row = {
    id: event.id,
    ts,
    day,
    environment,
    name: event.name,
    unit: event.unit ?? null,
    release,
    duration_ms: event.durationMs ?? null,
    status,
    flags,
    variations,
    attr_keys: attributes.keys,
    attr_str: attributes.str,
    attr_num: attributes.num,
    span_names: spanNames,
    span_ms: spanMs,
    span_count: spanCount,
    counter_names: counterNames,
    counter_values: counterNames.map((name) => event.counters?.[name] ?? 0),
    message_count: messages.length,
    batch_id: batchId,
  };
  rows.events.push({ ...row, raw: rawText ?? JSON.stringify(event) });
  const texts = messages.map((message) => message.text);
  flags.forEach((flag, i) => {
    rows.assignments.push({
      event_id: event.id,
      ts,
      day,
      environment,
      release,
      flag,
      variation: variations[i],
      name: event.name,
      unit: event.unit ?? null,
      status,
      duration_ms: event.durationMs ?? null,
      span_names: spanNames,
      span_ms: spanMs,
      span_count: spanCount,
      message_texts: texts,
    });
  });
  for (const message of messages) {
    rows.event_messages.push({
      event_id: event.id,
      ts,
      day,
      environment,
      release,
      name: event.name,
      at_ms: message.atMs ?? null,
      text: message.text,
    });
  }
}

function exposureRow(exposure: Exposure, environment: string, batchId: string): Row {
  const ts = clickHouseTime(Date.parse(exposure.ts));
  return {
    id: exposure.id,
    ts,
    day: ts.slice(0, 10),
    environment,
    unit: exposure.unit,
    hash_attribute: exposure.hashAttribute,
    flag: exposure.flag,
    variation: exposure.variation,
    rule_id: exposure.ruleId,
    experiment: exposure.experiment ?? null,
    in_experiment: exposure.inExperiment ?? null,
    release: exposure.release ?? null,
    batch_id: batchId,
  };
}
