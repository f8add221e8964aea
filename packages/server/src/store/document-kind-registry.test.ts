import { describe, expect, it } from "vitest";
import { AppError } from "../kernel/index.js";
import { BUILT_IN_DOCUMENT_KINDS, DocumentKindRegistry } from "./document-kind-registry.js";

describe("DocumentKindRegistry", () => {
  it("starts with the built-in kinds and adds registered ones in order", () => {
    const kinds = DocumentKindRegistry.withBuiltIns().register("metric").register("alert-channel");
    expect(kinds.list()).toEqual([...BUILT_IN_DOCUMENT_KINDS, "metric", "alert-channel"]);
    expect(kinds.has("metric")).toBe(true);
    expect(kinds.require("flag")).toBe("flag");
  });

  it("refuses a kind registered twice or not shaped like a name", () => {
    const kinds = DocumentKindRegistry.withBuiltIns();
    expect(() => kinds.register("flag")).toThrow(/already registered/);
    expect(() => kinds.register("Metric")).toThrow(/lower-case/);
    expect(() => kinds.register("")).toThrow(/lower-case/);
  });

  it("answers an unregistered kind with BAD_REQUEST", () => {
    const error: unknown = (() => {
      try {
        new DocumentKindRegistry().require("flag");
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("BAD_REQUEST");
  });
});
