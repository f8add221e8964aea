import { describe, expect, it } from "vitest";
import { SseParser } from "./sse-parser.js";

describe("SseParser", () => {
  it("dispatches named events with ids and multi-line data on a blank line", () => {
    const parser = new SseParser();
    const events = parser.push('event: payload\nid: 41\ndata: {"a":\ndata: 1}\n\n');
    expect(events).toEqual([{ event: "payload", data: '{"a":\n1}', id: "41" }]);
    expect(parser.lastEventId).toBe("41");
  });

  it("reassembles events split anywhere across chunks, including between CR and LF", () => {
    const text = "retry: 1000\r\n\r\nevent: patch\r\nid: 2\r\ndata: x\r\n\r\n";
    for (let split = 0; split <= text.length; split++) {
      const parser = new SseParser();
      const events = [...parser.push(text.slice(0, split)), ...parser.push(text.slice(split))];
      expect(events, `split at ${split}`).toEqual([{ event: "patch", data: "x", id: "2" }]);
      expect(parser.retryMs).toBe(1000);
    }
  });

  it("accepts lone CR line endings and strips a leading byte order mark", () => {
    const parser = new SseParser();
    expect(parser.push("\uFEFFdata: a\r\rdata: b\r\r")).toEqual([
      { event: "message", data: "a", id: undefined },
      { event: "message", data: "b", id: undefined },
    ]);
  });

  it("ignores comments (heartbeats), unknown fields, invalid retry values and ids containing NUL", () => {
    const parser = new SseParser();
    const events = parser.push(":\n: keep-alive\nfoo: bar\nretry: soon\nid: a\0b\nevent: x\n\n");
    expect(events).toEqual([]);
    expect(parser.retryMs).toBeUndefined();
    expect(parser.lastEventId).toBeUndefined();
  });

  it("keeps the last id across events, removes only one leading space, and takes a field without a colon as empty", () => {
    const parser = new SseParser();
    const events = parser.push("id: 5\ndata:  two spaces\n\ndata\n\n");
    expect(events).toEqual([
      { event: "message", data: " two spaces", id: "5" },
      { event: "message", data: "", id: "5" },
    ]);
  });

  it("does not dispatch an event that had no data line", () => {
    expect(new SseParser().push("event: payload\n\n")).toEqual([]);
  });
});
