import type { FlagSet } from "@switchboard/core";

/** A window of time; either side may be open. */
export interface UnitWindow {
  from?: Date;
  to?: Date;
}

/** One of a unit's events, as the event store's customer reader answers it. */
export interface UnitEventRow {
  id: string;
  ts: string;
  environment: string;
  name: string;
  status: string | null;
  durationMs: number | null;
  release: string | null;
  assignments: Record<string, string>;
  context: Record<string, string | number | boolean>;
}

/** One of a unit's exposures. */
export interface UnitExposureRow {
  ts: string;
  environment: string;
  flag: string;
  variation: string;
  ruleId: string;
  experiment: string | null;
  release: string | null;
  hashAttribute: string;
}

/**
 * What the customer view reads from the event store (the events package's `CustomerEventsReader` implements it), so
 * the control plane never writes SQL.
 */
export interface CustomerEvents {
  recentEvents(unit: string, limit: number, window?: UnitWindow): Promise<UnitEventRow[]>;
  exposures(unit: string, limit: number): Promise<UnitExposureRow[]>;
  unitsByAttribute(attribute: string, value: string, limit: number): Promise<{ unit: string; lastSeen: string }[]>;
  rawEvents(unit: string, window: UnitWindow, limit: number): Promise<{ id: string; raw: unknown }[]>;
}

/** The flag set as SDKs are served it now, and its environments (the composition root reads it from the store). */
export interface CurrentFlagSet {
  load(): Promise<{ flagSet: FlagSet; environments: readonly string[] }>;
}
