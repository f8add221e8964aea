import { VERSION } from "@switchboard/core";
import { expect, test } from "vitest";

test("has a version", () => {
  expect(VERSION).toMatch(/^\d+\.\d+\.\d+$/);
});
