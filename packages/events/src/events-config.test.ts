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

  it("reads the embedded DuckDB's memory limit, 1GB by default, and refuses one too small to load a batch", () => {
    const problems: string[] = [];
    expect(parseEventsConfig({}, problems).memoryLimit).toBe("1GB");
    expect(parseEventsConfig({ SWITCHBOARD_EVENTS_MEMORY_LIMIT: "512MB" }, problems).memoryLimit).toBe("512MB");
    expect(parseEventsConfig({ SWITCHBOARD_EVENTS_MEMORY_LIMIT: "1.5GiB" }, problems).memoryLimit).toBe("1.5GiB");
    expect(problems).toEqual([]);
    for (const bad of ["64MB", "lots", "512"]) {
      const refused: string[] = [];
      expect(parseEventsConfig({ SWITCHBOARD_EVENTS_MEMORY_LIMIT: bad }, refused).memoryLimit).toBe("1GB");
      expect(refused).toEqual([
        `SWITCHBOARD_EVENTS_MEMORY_LIMIT must be a size of at least 128MB, like 512MB or 2GB (got "${bad}")`,
      ]);
    }
  });
});
