import { describe, expect, it } from "vitest";
import { engineOutOfMemory, engineRefusal } from "./engine-refusal.js";

// The shape `@clickhouse/client` gives a server error: the message, and the numeric code and type it parsed.
function clickHouseError(type: string, message: string): Error {
  return Object.assign(new Error(message), { code: "0", type });
}

describe("engine errors caused by the query", () => {
  it("answers 400 for a value ClickHouse refuses, 503 for its memory limit, and leaves other errors alone", () => {
    const regex = clickHouseError("CANNOT_COMPILE_REGEXP", "OptimizedRegularExpression: cannot compile re2: (a.");
    expect(engineRefusal(regex)).toMatchObject({ code: "VALIDATION_FAILED" });
    expect(engineRefusal(regex)?.message).toContain("cannot compile re2");
    const memory = clickHouseError("MEMORY_LIMIT_EXCEEDED", "Memory limit (total) exceeded: would use 9.31 GiB");
    expect(engineOutOfMemory(memory)).toMatchObject({ code: "UNAVAILABLE", details: [] });
    const bug = clickHouseError("UNKNOWN_IDENTIFIER", "Unknown expression identifier `x`");
    expect(engineRefusal(bug)).toBeUndefined();
    expect(engineOutOfMemory(bug)).toBeUndefined();
  });
});
