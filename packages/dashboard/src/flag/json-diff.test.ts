import { describe, expect, it } from "vitest";
import { compactDiff, diffJson } from "./json-diff.js";

describe("diffJson", () => {
  it("marks changed lines and keeps the rest", () => {
    const lines = diffJson({ enabled: true, percent: 5 }, { enabled: true, percent: 25 });
    expect(lines.filter((l) => l.kind !== "same")).toEqual([
      { kind: "removed", text: '  "percent": 5' },
      { kind: "added", text: '  "percent": 25' },
    ]);
    expect(lines.filter((l) => l.kind === "same").map((l) => l.text)).toEqual(["{", '  "enabled": true,', "}"]);
  });

  it("treats a missing side as empty: a creation is all added, a deletion all removed", () => {
    expect(diffJson(null, { a: 1 }).every((l) => l.kind === "added")).toBe(true);
    expect(diffJson({ a: 1 }, undefined).every((l) => l.kind === "removed")).toBe(true);
    expect(diffJson({ a: 1 }, { a: 1 }).every((l) => l.kind === "same")).toBe(true);
  });

  it("falls back to both sides for very large documents", () => {
    const big = Array.from({ length: 700 }, (_, i) => i);
    const lines = diffJson(big, [...big, 700]);
    expect(lines.filter((l) => l.kind === "same")).toHaveLength(0);
    expect(lines.filter((l) => l.kind === "added")).toHaveLength(703);
  });
});

describe("compactDiff", () => {
  it("keeps the context around changes and collapses the rest into one gap each", () => {
    const before = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`k${i}`, i]));
    const lines = compactDiff(diffJson(before, { ...before, k6: "six" }), 1);
    expect(lines[0]).toBeNull();
    expect(lines.at(-1)).toBeNull();
    expect(lines.filter((l) => l !== null).map((l) => l.kind)).toEqual(["same", "removed", "added", "same"]);
  });
});
