import type { FlagSet } from "@switchboard/core";
import type { TimeWindow, UnitEvent, UnitExposure, UnitMatch, UnitRawEvent } from "@switchboard/events";

/**
 * What the customer view reads from the event store (the events package's `CustomerEventsReader` implements it), so
 * the control plane never writes SQL.
 */
export interface CustomerEvents {
  recentEvents(unit: string, limit: number, window?: TimeWindow): Promise<UnitEvent[]>;
  exposures(unit: string, limit: number): Promise<UnitExposure[]>;
  unitsByAttribute(attribute: string, value: string, limit: number): Promise<UnitMatch[]>;
  rawEvents(unit: string, window: TimeWindow, limit: number): Promise<UnitRawEvent[]>;
}

/** The flag set as SDKs are served it now, and its environments (the composition root reads it from the store). */
export interface CurrentFlagSet {
  load(): Promise<{ flagSet: FlagSet; environments: readonly string[] }>;
}
