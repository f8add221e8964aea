import { afterEach, describe, expect, it, vi } from "vitest";
import { createClient } from "./index.js";

/** A stand-in for the platform's EventSource: records what was opened and lets the test play the server. */
class FakeEventSource {
  static opened: FakeEventSource[] = [];
  readyState = 0;
  closed = false;
  onopen: (() => void) | null = null;
  onerror: (() => void) | null = null;
  readonly #listeners = new Map<string, (event: { data: string }) => void>();
  constructor(readonly url: string) {
    FakeEventSource.opened.push(this);
  }
  addEventListener(type: string, listener: (event: { data: string }) => void): void {
    this.#listeners.set(type, listener);
  }
  close(): void {
    this.closed = true;
    this.readyState = 2;
  }
  send(type: string, data: unknown): void {
    this.#listeners.get(type)?.({ data: typeof data === "string" ? data : JSON.stringify(data) });
  }
  open(): void {
    this.readyState = 1;
    this.onopen?.();
  }
  fail(readyState: 0 | 2): void {
    this.readyState = readyState;
    this.onerror?.();
  }
}

const PAYLOAD = { features: { a: { defaultValue: true }, b: { defaultValue: "x" } } };

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
  FakeEventSource.opened = [];
});

describe("the browser entry's live updates over EventSource", () => {
  it("opens the stream with the key in the query, serves its first payload and applies patches live", async () => {
    vi.stubGlobal("EventSource", FakeEventSource);
    const client = createClient({ url: "https://flags.example/", sdkKey: "sb_client_k+1", logger: () => undefined });
    const [source] = FakeEventSource.opened;
    expect(source?.url).toBe("https://flags.example/api/v1/sdk/stream?sdkKey=sb_client_k%2B1");
    expect(client.status().state).toBe("starting");
    source?.open();
    source?.send("payload", PAYLOAD);
    expect(await client.ready({ timeoutMs: 100 })).toEqual({ source: "server", timedOut: false });
    expect(client.isOn("a")).toBe(true);
    const changed: string[][] = [];
    client.on("change", ({ keys }) => changed.push(keys));
    source?.send("patch", { features: { a: { defaultValue: false } } });
    expect(client.isOn("a")).toBe(false);
    expect(client.value("b", "", {})).toBe("x");
    expect(changed).toEqual([["a"]]);
    expect(client.status()).toMatchObject({ state: "ready", source: "server" });
    await client.close();
    expect(source?.closed).toBe(true);
  });

  it("keeps the last good payload through drops and refusals, says so in status(), and reopens a refused stream", async () => {
    vi.useFakeTimers();
    vi.stubGlobal("EventSource", FakeEventSource);
    const logs: string[] = [];
    const errors: string[] = [];
    const client = createClient({ url: "https://flags.example", sdkKey: "k", logger: (line) => logs.push(line) });
    client.on("error", ({ message }) => errors.push(message));
    const first = FakeEventSource.opened[0];
    first?.open();
    first?.send("payload", PAYLOAD);
    first?.fail(0);
    expect(client.status()).toMatchObject({ state: "stale", lastError: { message: expect.stringMatching(/dropped/) } });
    expect(client.isOn("a")).toBe(true);
    // The browser gave up (an error status): the client opens a new stream itself, after a delay.
    first?.fail(2);
    expect(FakeEventSource.opened).toHaveLength(1);
    vi.advanceTimersByTime(1_000);
    const second = FakeEventSource.opened[1];
    expect(second?.url).toBe(first?.url);
    second?.open();
    expect(client.status().state).toBe("ready");
    // A rejected event: the last good payload stays, and a fresh stream (full payload first) is opened.
    second?.send("payload", "{not json");
    expect(client.isOn("a")).toBe(true);
    expect(second?.closed).toBe(true);
    vi.advanceTimersByTime(2_000);
    expect(FakeEventSource.opened).toHaveLength(3);
    expect(errors).toHaveLength(3);
    expect(logs.length).toBeGreaterThanOrEqual(3);
    await client.close();
    vi.advanceTimersByTime(60_000);
    expect(FakeEventSource.opened).toHaveLength(3);
  });

  it("without EventSource, fetches the payload once and reports that changes do not arrive", async () => {
    vi.stubGlobal("EventSource", undefined);
    const seen: Array<{ url: string; authorization: string | undefined }> = [];
    const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
      seen.push({
        url: String(input),
        authorization: (init?.headers as Record<string, string> | undefined)?.["authorization"],
      });
      return new Response(JSON.stringify(PAYLOAD));
    };
    const client = createClient({ url: "https://flags.example", sdkKey: "k", fetch, logger: () => undefined });
    await vi.waitFor(() => expect(client.source).toBe("server"));
    expect(seen).toEqual([{ url: "https://flags.example/api/v1/sdk/payload", authorization: "Bearer k" }]);
    expect(client.isOn("a")).toBe(true);
    expect(client.status()).toMatchObject({
      state: "stale",
      lastError: { message: expect.stringMatching(/no EventSource/) },
    });
    await client.close();
  });

  it("reports a refused fetch as an error with the status, and never throws", async () => {
    vi.stubGlobal("EventSource", undefined);
    const fetch = async () => new Response("{}", { status: 401 });
    const client = createClient({ url: "https://flags.example", sdkKey: "k", fetch, logger: () => undefined });
    await vi.waitFor(() => expect(client.status().lastError?.message).toMatch(/answered 401/));
    expect(client.status().state).toBe("error");
    expect(client.isOn("a")).toBe(false);
    await client.close();
  });
});
