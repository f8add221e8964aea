import { describe, expect, it } from "vitest";
import { DEFAULT_EVENTS_CONFIG, parseEventsConfig } from "./events-config.js";

describe("the events settings", () => {
  it("reads the number of DuckDB read connections, 8 by default", () => {
    const problems: string[] = [];
    expect(parseEventsConfig({}, problems).readConnections).toBe(DEFAULT_EVENTS_CONFIG.readConnections);
    expect(parseEventsConfig({ SWITCHBOARD_EVENTS_READ_CONNECTIONS: "3" }, problems).readConnections).toBe(3);
    expect(problems).toEqual([]);
  });

  it("names a read-connection count out of range and keeps the default", () => {
    const problems: string[] = [];
    const config = parseEventsConfig({ SWITCHBOARD_EVENTS_READ_CONNECTIONS: "0" }, problems);
    expect(config.readConnections).toBe(8);
    expect(problems).toEqual(['SWITCHBOARD_EVENTS_READ_CONNECTIONS must be an integer from 1 to 64 (got "0")']);
  });
});
