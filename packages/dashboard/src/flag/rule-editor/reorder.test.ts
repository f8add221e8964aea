import { describe, expect, it } from "vitest";
import { moveItem } from "./reorder.js";

describe("moveItem", () => {
  it("moves an item up, down and to either end without touching the input", () => {
    const items = ["a", "b", "c", "d"] as const;
    expect(moveItem(items, 2, 1)).toEqual(["a", "c", "b", "d"]);
    expect(moveItem(items, 0, 3)).toEqual(["b", "c", "d", "a"]);
    expect(moveItem(items, 3, 0)).toEqual(["d", "a", "b", "c"]);
    expect(items).toEqual(["a", "b", "c", "d"]);
  });

  it("clamps targets past either end and ignores a source outside the list", () => {
    expect(moveItem(["a", "b"], 0, 9)).toEqual(["b", "a"]);
    expect(moveItem(["a", "b"], 1, -1)).toEqual(["b", "a"]);
    expect(moveItem(["a", "b"], 5, 0)).toEqual(["a", "b"]);
  });
});
