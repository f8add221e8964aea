import type { SpanNode } from "@switchboard/core";
import { describe, expect, it } from "vitest";
import { SpanRecorder } from "./span-recorder.js";

function treeDepth(nodes: readonly SpanNode[] | undefined): number {
  let depth = 0;
  for (let level = nodes; level !== undefined && level.length > 0; level = level[0]?.children) depth++;
  return depth;
}

describe("SpanRecorder", () => {
  it("D13: keeps the tree at most 16 spans deep (32 levels on the wire, the server's limit); totals stay exact", () => {
    const recorder = new SpanRecorder(200, performance.now());
    const spans = Array.from({ length: 40 }, () => recorder.start("recurse"));
    for (const span of spans.reverse()) span.end();
    expect(treeDepth(recorder.tree())).toBe(16);
    expect(recorder.totals["recurse"]?.count).toBe(40);
  });
});
