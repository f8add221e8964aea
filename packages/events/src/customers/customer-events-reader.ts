import { dialectFor } from "../query/dialects/dialect-for.js";
import { engineOutOfMemory, engineRefusal } from "../query/engine-refusal.js";
import type { EventStore, SqlStatement } from "../store/event-store.js";
import {
  CONTEXT_FIELD_PREFIX,
  compileUnitEvents,
  compileUnitExposures,
  compileUnitRawEvents,
  compileUnitsByAttribute,
  type TimeWindow,
} from "./compile-customer-queries.js";

/** One of a unit's events as the support view reads it. */
export interface UnitEvent {
  id: string;
  ts: string;
  environment: string;
  name: string;
  status: string | null;
  durationMs: number | null;
  release: string | null;
  assignments: Record<string, string>;
  /**
   * The event's `fields.context.*` values, by attribute name (without the prefix): numbers as numbers, `true` and
   * `false` as booleans, anything else as its text.
   */
  context: Record<string, string | number | boolean>;
}

/** One exposure of a unit. */
export interface UnitExposure {
  ts: string;
  environment: string;
  flag: string;
  variation: string;
  ruleId: string;
  experiment: string | null;
  release: string | null;
  hashAttribute: string;
}

/** A unit found by an attribute value, with its newest event's time. */
export interface UnitMatch {
  unit: string;
  lastSeen: string;
}

/** One raw event as it was ingested. */
export interface UnitRawEvent {
  id: string;
  raw: unknown;
}

/**
 * The event-store reads of the customer-support view, compiled in the store's dialect (DuckDB or ClickHouse): a
 * unit's recent events, its exposures, the units that carry an attribute value, and a window of raw events.
 */
export class CustomerEventsReader {
  constructor(
    private readonly store: EventStore,
    private readonly timeoutMs = 30_000,
  ) {}

  /** The unit's newest events, newest first. */
  async recentEvents(unit: string, limit: number, window: TimeWindow = {}): Promise<UnitEvent[]> {
    const rows = await this.run(compileUnitEvents(unit, limit, dialectFor(this.store.dialect), window));
    return rows.map((row) => ({
      id: String(row[0]),
      ts: timeText(row[1]),
      environment: String(row[2]),
      name: String(row[3]),
      status: row[4] === null || row[4] === undefined ? null : String(row[4]),
      durationMs: typeof row[5] === "number" ? row[5] : null,
      release: textOrNull(row[6]),
      assignments: pairs(row[7], row[8]),
      context: contextOf(row[9], row[10], row[11]),
    }));
  }

  /** Up to `limit` of the unit's newest exposures, oldest first. */
  async exposures(unit: string, limit: number): Promise<UnitExposure[]> {
    const rows = await this.run(compileUnitExposures(unit, limit, dialectFor(this.store.dialect)));
    return rows.map((row) => ({
      ts: timeText(row[0]),
      environment: String(row[1]),
      flag: String(row[2]),
      variation: String(row[3]),
      ruleId: String(row[4]),
      experiment: textOrNull(row[5]),
      release: textOrNull(row[6]),
      hashAttribute: String(row[7]),
    }));
  }

  /** The units whose events carry `value` for `attribute`, newest activity first. */
  async unitsByAttribute(attribute: string, value: string, limit: number): Promise<UnitMatch[]> {
    const rows = await this.run(compileUnitsByAttribute(attribute, value, limit, dialectFor(this.store.dialect)));
    return rows.map((row) => ({ unit: String(row[0]), lastSeen: timeText(row[1]) }));
  }

  /** The unit's raw events in the window, oldest first. */
  async rawEvents(unit: string, window: TimeWindow, limit: number): Promise<UnitRawEvent[]> {
    const rows = await this.run(compileUnitRawEvents(unit, window, limit, dialectFor(this.store.dialect)));
    return rows.map((row) => ({ id: String(row[0]), raw: parseRaw(row[1]) }));
  }

  private async run(statement: SqlStatement): Promise<unknown[][]> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.timeoutMs);
    try {
      return (await this.store.run(statement, { signal: controller.signal })).rows;
    } catch (error) {
      throw engineRefusal(error) ?? engineOutOfMemory(error) ?? error;
    } finally {
      clearTimeout(timer);
    }
  }
}

function textOrNull(value: unknown): string | null {
  return value === null || value === undefined ? null : String(value);
}

// Engines answer timestamps as ISO text or Date objects; the API speaks ISO 8601 with a Z.
function timeText(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  const text = String(value);
  const parsed = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(text) ? text : `${text.replace(" ", "T")}Z`);
  return Number.isNaN(parsed) ? text : new Date(parsed).toISOString();
}

function pairs(keys: unknown, values: unknown): Record<string, string> {
  const result: Record<string, string> = {};
  if (!Array.isArray(keys) || !Array.isArray(values)) return result;
  keys.forEach((key, i) => {
    const value = values[i];
    if (typeof key === "string" && value !== null && value !== undefined) result[key] = String(value);
  });
  return result;
}

function contextOf(keys: unknown, texts: unknown, numbers: unknown): Record<string, string | number | boolean> {
  const result: Record<string, string | number | boolean> = {};
  if (!Array.isArray(keys) || !Array.isArray(texts)) return result;
  keys.forEach((key, i) => {
    const text = texts[i];
    if (typeof key !== "string" || !key.startsWith(CONTEXT_FIELD_PREFIX) || text === null || text === undefined) return;
    const number = Array.isArray(numbers) ? numbers[i] : null;
    const name = key.slice(CONTEXT_FIELD_PREFIX.length);
    // The store keeps every value's text and, for numbers, the number; booleans come back as their text.
    result[name] =
      typeof number === "number" ? number : text === "true" ? true : text === "false" ? false : String(text);
  });
  return result;
}

function parseRaw(value: unknown): unknown {
  if (typeof value !== "string") return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}
