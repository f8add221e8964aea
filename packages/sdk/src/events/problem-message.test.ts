import { describe, expect, test } from "vitest";
import { problemMessage } from "./retry-policy.js";

describe("problemMessage", () => {
  test("reads the server's error shape and keeps its message and the path of each problem", () => {
    const body = {
      error: {
        code: "VALIDATION_FAILED",
        message: "The batch is invalid.",
        details: [{ path: "[0].type", message: "unknown" }],
      },
    };
    expect(problemMessage(JSON.stringify(body))).toBe("The batch is invalid. ([0].type: unknown)");
  });

  test("reads a problem document's title and detail", () => {
    expect(problemMessage(JSON.stringify({ title: "Invalid items", detail: "item 0" }))).toBe("Invalid items: item 0");
  });

  test("keeps other text as it is, shortened", () => {
    expect(problemMessage("x".repeat(400))).toHaveLength(300);
  });
});
