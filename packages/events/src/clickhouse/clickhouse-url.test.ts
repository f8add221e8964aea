import { describe, expect, it } from "vitest";
import { DEFAULT_EVENTS_CONFIG, longestRetentionDays, parseEventsConfig } from "../events-config.js";
import { parseClickHouseUrl, redacted } from "./clickhouse-url.js";

describe("SWITCHBOARD_EVENTS_URL", () => {
  it.each([
    [
      "clickhouse://sb:s3cret@ch.internal/events",
      { url: "http://ch.internal:8123", database: "events", username: "sb", password: "s3cret" },
    ],
    [
      "clickhouses://ch.internal:9443",
      { url: "https://ch.internal:9443", database: "switchboard", username: "default", password: "" },
    ],
    [
      "http://127.0.0.1:8123/",
      { url: "http://127.0.0.1:8123", database: "switchboard", username: "default", password: "" },
    ],
    ["https://u:p%40ss@[::1]/db_2", { url: "https://[::1]:8443", database: "db_2", username: "u", password: "p@ss" }],
  ])("reads %s", (text, target) => {
    expect(parseClickHouseUrl(text)).toEqual(target);
  });

  it.each([
    ["postgres://x/y", /must start with clickhouse:\/\//],
    ["not a url", /is not a URL/],
    ["clickhouse://h/bad-name", /database name must be letters, digits and _/],
  ])("refuses %s with a message naming the variable", (text, message) => {
    expect(() => parseClickHouseUrl(text)).toThrow(message);
    const problems: string[] = [];
    parseEventsConfig({ SWITCHBOARD_EVENTS_URL: text }, problems);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/SWITCHBOARD_EVENTS_URL/);
  });

  it("never shows the password in a message", () => {
    expect(redacted("clickhouse://sb:s3cret@h:8123/db")).toBe("clickhouse://sb:***@h:8123/db");
    expect(() => parseClickHouseUrl("ftp://sb:s3cret@h/db")).toThrow(/ftp:\/\/sb:\*\*\*@h\/db/);
  });

  it("sets the TTL to the longest retention of any environment", () => {
    const config = {
      ...DEFAULT_EVENTS_CONFIG,
      retentionDays: 30,
      retentionByEnvironment: { audit: { maxAgeDays: 400 } },
    };
    expect(longestRetentionDays(config)).toBe(400);
    expect(longestRetentionDays(DEFAULT_EVENTS_CONFIG)).toBe(30);
  });
});
