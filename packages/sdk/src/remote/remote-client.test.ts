import { describe, expect, it } from "vitest";
import { createRemoteClient } from "./remote-client.js";

type Answer = { status: number; body: string; etag?: string };

/** A fetch that answers from a queue (the last answer repeats) and records what it was asked. */
function fakeServer(answers: Answer[]) {
  const requests: { url: string; init: RequestInit }[] = [];
  const fetch = async (url: string | URL | Request, init?: RequestInit): Promise<Response> => {
    requests.push({ url: String(url), init: init ?? {} });
    const answer = (answers.length > 1 ? answers.shift() : answers[0]) as Answer;
    if (answer.status === 0) throw new TypeError("fetch failed");
    const headers = answer.etag === undefined ? undefined : { etag: answer.etag };
    return new Response(answer.status === 304 ? null : answer.body, { status: answer.status, headers });
  };
  return { fetch: fetch as typeof globalThis.fetch, requests, answers };
}

function headersOf(request: { init: RequestInit } | undefined): Record<string, string> {
  return (request?.init.headers ?? {}) as Record<string, string>;
}

/** An EventSource the test drives: `announce()` delivers a `features` event. */
class FakeEventSource {
  static last: FakeEventSource | undefined;
  readonly url: string;
  readonly listeners: (() => void)[] = [];
  onerror: (() => void) | null = null;
  closed = false;
  constructor(url: string) {
    this.url = url;
    FakeEventSource.last = this;
  }
  addEventListener(_event: string, listener: () => void): void {
    this.listeners.push(listener);
  }
  close(): void {
    this.closed = true;
  }
  announce(): void {
    for (const listener of this.listeners) listener();
  }
}

const flags = (entries: object[]) => JSON.stringify({ flags: entries });
const settle = () => new Promise((resolve) => setTimeout(resolve, 10));

function clientOn(server: ReturnType<typeof fakeServer>, logs: string[] = []) {
  return createRemoteClient({
    url: "https://flags.example.com/",
    sdkKey: "sb_client_k",
    context: { targetingKey: "u1" },
    fetch: server.fetch,
    EventSource: FakeEventSource as unknown as typeof EventSource,
    logger: (message) => logs.push(message),
  });
}

describe("createRemoteClient", () => {
  it("asks the server to evaluate every flag for its context and serves the answers", async () => {
    const server = fakeServer([
      {
        status: 200,
        etag: '"1"',
        body: flags([
          { key: "new-checkout", value: true, variant: "on", reason: "TARGETING_MATCH", metadata: {} },
          { key: "search-limit", value: 25, reason: "STATIC", metadata: {} },
          { key: "gone", errorCode: "GENERAL", errorDetails: "could not be evaluated" },
        ]),
      },
    ]);
    const client = clientOn(server);
    expect(client.isOn("new-checkout")).toBe(false);
    expect(await client.ready({ timeoutMs: 1000 })).toEqual({ timedOut: false });
    expect(client.isOn("new-checkout")).toBe(true);
    expect(client.value("search-limit", 10)).toBe(25);
    expect(client.value("search-limit", "ten")).toBe("ten");
    expect(client.value("gone", 3)).toBe(3);
    expect(client.flag("new-checkout")).toEqual({ value: true, variant: "on", reason: "TARGETING_MATCH" });
    const [request] = server.requests;
    expect(request?.url).toBe("https://flags.example.com/ofrep/v1/evaluate/flags");
    expect(request?.init.method).toBe("POST");
    expect(JSON.parse(String(request?.init.body))).toEqual({ context: { targetingKey: "u1" } });
    expect(headersOf(request)["authorization"]).toBe("Bearer sb_client_k");
    expect(FakeEventSource.last?.url).toBe("https://flags.example.com/sub/sb_client_k");
    client.close();
    expect(FakeEventSource.last?.closed).toBe(true);
  });

  it("evaluates again when the stream announces a change, sending its ETag, and reports the changed keys", async () => {
    const server = fakeServer([
      { status: 200, etag: '"1"', body: flags([{ key: "a", value: true, reason: "STATIC" }]) },
      { status: 304, body: "" },
      { status: 200, etag: '"2"', body: flags([{ key: "a", value: false, reason: "DISABLED" }]) },
    ]);
    const client = clientOn(server);
    await client.ready();
    const changes: string[][] = [];
    client.on("change", ({ keys }) => changes.push(keys));
    FakeEventSource.last?.announce();
    await settle();
    expect(client.isOn("a")).toBe(true);
    expect(headersOf(server.requests[1])["if-none-match"]).toBe('"1"');
    FakeEventSource.last?.announce();
    await settle();
    expect(client.isOn("a")).toBe(false);
    expect(changes).toEqual([["a"]]);
  });

  it("keeps the last values and never throws when the server fails, answers garbage or is unreachable", async () => {
    const server = fakeServer([
      { status: 200, body: flags([{ key: "a", value: "blue", reason: "STATIC" }]) },
      { status: 401, body: JSON.stringify({ errorCode: "GENERAL", errorDetails: "unknown key" }) },
      { status: 200, body: "<html>not json" },
      { status: 200, body: JSON.stringify({ flags: "nope" }) },
      { status: 0, body: "" },
    ]);
    const logs: string[] = [];
    const client = clientOn(server, logs);
    await client.ready();
    const errors: string[] = [];
    client.on("error", ({ message }) => errors.push(message));
    client.on("change", () => {
      throw new Error("a listener's bug");
    });
    for (let i = 0; i < 4; i++) {
      FakeEventSource.last?.announce();
      await settle();
    }
    expect(client.value("a", "grey")).toBe("blue");
    expect(errors).toHaveLength(4);
    expect(errors[0]).toContain("401: unknown key");
    expect(logs.every((line) => line.startsWith("switchboard: "))).toBe(true);
    const odd = client as unknown as { isOn(key: unknown): boolean; value(key: unknown, d: unknown): unknown };
    expect(odd.isOn(undefined)).toBe(false);
    expect(odd.value(null, 1)).toBe(1);
  });

  it("reports a stream outage once, not once per reconnection attempt", async () => {
    const server = fakeServer([{ status: 200, body: flags([{ key: "a", value: true, reason: "STATIC" }]) }]);
    const client = clientOn(server);
    await client.ready();
    const errors: string[] = [];
    client.on("error", ({ message }) => errors.push(message));
    const stream = FakeEventSource.last;
    stream?.onerror?.();
    stream?.onerror?.();
    expect(errors).toHaveLength(1);
    stream?.announce();
    stream?.onerror?.();
    expect(errors).toHaveLength(2);
    expect(client.isOn("a")).toBe(true);
  });

  it("evaluates for a new context at once, and resolves ready() with timedOut when nothing arrives", async () => {
    const server = fakeServer([
      { status: 200, etag: '"1"', body: flags([{ key: "a", value: false, reason: "STATIC" }]) },
      { status: 200, etag: '"2"', body: flags([{ key: "a", value: true, reason: "TARGETING_MATCH" }]) },
    ]);
    const client = clientOn(server);
    await client.ready();
    await client.setContext({ targetingKey: "staff-1", staff: true });
    expect(client.isOn("a")).toBe(true);
    const last = server.requests.at(-1);
    expect(JSON.parse(String(last?.init.body))).toEqual({ context: { targetingKey: "staff-1", staff: true } });
    expect(headersOf(last)["if-none-match"]).toBeUndefined();

    const silent = createRemoteClient({
      url: "https://flags.example.com",
      sdkKey: "k",
      updates: "none",
      fetch: () => new Promise<Response>(() => undefined),
    });
    expect(await silent.ready({ timeoutMs: 20 })).toEqual({ timedOut: true });
    expect(silent.value("a", 7)).toBe(7);
  });
});
