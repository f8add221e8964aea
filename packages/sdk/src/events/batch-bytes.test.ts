import type { IngestItem } from "@switchboard/core";
import { describe, expect, it } from "vitest";
import { BatchBytes } from "./batch-bytes.js";

const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe("BatchBytes", () => {
  it("encodes items and pre-encoded lines as NDJSON, one line each", () => {
    const item = { type: "event", id: "e1", ts: "2026-01-01T00:00:00.000Z", name: "request" } as IngestItem;
    const text = decode(new BatchBytes().encode([item, '{"type":"exposure","id":"x1"}']));
    expect(text).toBe(`${JSON.stringify(item)}\n{"type":"exposure","id":"x1"}\n`);
  });

  it("grows past its first capacity, multi-byte text and surrogate pairs included", () => {
    const lines = Array.from({ length: 300 }, (_, n) =>
      JSON.stringify({ n, text: `žluťoučký kůň 🐎 ${"é".repeat(n * 3)}` }),
    );
    const bytes = new BatchBytes().encode(lines);
    expect(decode(bytes)).toBe(`${lines.join("\n")}\n`);
    expect(bytes.byteLength).toBeGreaterThan(64 * 1024);
  });

  it("encodes the next batch from the start of the same buffer", () => {
    const bytes = new BatchBytes();
    const first = bytes.encode(["a".repeat(1000), "b".repeat(1000)]);
    const second = bytes.encode(['{"c":1}']);
    expect(decode(second)).toBe('{"c":1}\n');
    expect(second.buffer).toBe(first.buffer);
  });

  it("encodes an empty batch as no bytes", () => {
    expect(new BatchBytes().encode([]).byteLength).toBe(0);
  });
});
