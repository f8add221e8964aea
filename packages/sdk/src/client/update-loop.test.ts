import { describe, expect, it } from "vitest";
import { QUICK_PROBE_WINDOW_MS } from "./backoff.js";
import { FakeScheduler, flush } from "./testing/fake-scheduler.js";
import { UpdateLoop, type UpdateSettings } from "./update-loop.js";

const IDLE_MS = 1_000_000;
const settings: UpdateSettings = {
  mode: "stream",
  pollIntervalMs: 30_000,
  backoff: { initialDelayMs: 1_000, maxDelayMs: 30_000 },
  useRetryHint: false,
  idleTimeoutMs: IDLE_MS,
  fallbackAfterFailures: 3,
  streamRetryMs: 300_000,
};

/** A fetch that answers from a script of handlers, one per request, and records what was asked. */
function scriptedFetch(answer: (url: string, headers: Record<string, string>) => Response | Error) {
  const requests: { url: string; headers: Record<string, string> }[] = [];
  const fetchFn = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = String(input);
    const headers = (init?.headers ?? {}) as Record<string, string>;
    requests.push({ url, headers });
    const result = answer(url, headers);
    if (result instanceof Error) throw result;
    return result;
  }) as typeof fetch;
  return { fetchFn, requests };
}

function start(fetchFn: typeof fetch, overrides: Partial<UpdateSettings> = {}) {
  const scheduler = new FakeScheduler();
  const applied: string[] = [];
  const errors: string[] = [];
  const sink = {
    applyPayload: (text: string) => {
      if (text.includes("garbage")) throw new Error("payload rejected: garbage");
      applied.push(`payload ${text}`);
    },
    applyPatch: (text: string) => void applied.push(`patch ${text}`),
    connected: () => undefined,
    failed: (kind: string) => void errors.push(kind),
    reportError: (kind: string) => void errors.push(kind),
  };
  const loop = new UpdateLoop(
    { url: "http://sb.test", sdkKey: "key", fetch: fetchFn },
    { ...settings, ...overrides },
    sink,
    scheduler,
  );
  loop.start();
  return { loop, scheduler, applied, errors };
}

const sse = (text: string) => new Response(text, { headers: { "content-type": "text/event-stream" } });

describe("UpdateLoop", () => {
  it("probes a server that refuses connections at most 500 ms apart, with the stream: polling it gains nothing", async () => {
    const { fetchFn, requests } = scriptedFetch(() => new TypeError("fetch failed"));
    const { loop, scheduler, errors } = start(fetchFn);
    for (let i = 0; i < 5; i++) {
      await flush();
      scheduler.fireNext(IDLE_MS);
    }
    await flush();
    const sleeps = scheduler.delays.filter((delay) => delay !== IDLE_MS);
    expect(sleeps.slice(0, 5)).toEqual([500, 500, 500, 500, 500]);
    expect(requests.map((r) => new URL(r.url).pathname)).toEqual(Array(6).fill("/api/v1/sdk/stream"));
    expect(loop.polling).toBe(false);
    expect(errors).not.toContain("fallback");
    await loop.stop();
  });

  it("returns from an outage on the stream, resuming with Last-Event-ID, without fetching the payload", async () => {
    let down = false;
    const { fetchFn, requests } = scriptedFetch(() => {
      if (down) return new TypeError("fetch failed");
      return sse("retry: 1000\n\nid: 7\nevent: payload\ndata: {}\n\n");
    });
    const { loop, scheduler, applied } = start(fetchFn);
    await flush();
    down = true;
    for (let i = 0; i < 6; i++) {
      scheduler.fireNext(IDLE_MS);
      await flush();
    }
    down = false;
    scheduler.fireNext(IDLE_MS);
    await flush();
    const paths = requests.map((r) => new URL(r.url).pathname);
    expect(paths.every((path) => path === "/api/v1/sdk/stream")).toBe(true);
    expect(requests.at(-1)?.headers["last-event-id"]).toBe("7");
    expect(loop.polling).toBe(false);
    expect(applied.filter((line) => line.startsWith("payload")).length).toBe(2);
    await loop.stop();
  });

  it("still falls back to polling when a gateway keeps answering 502 for the stream", async () => {
    const { fetchFn, requests } = scriptedFetch((url) =>
      url.endsWith("/stream") ? new Response("bad gateway", { status: 502 }) : new Response("{}"),
    );
    const { loop, scheduler, errors } = start(fetchFn);
    for (let i = 0; i < 4; i++) {
      await flush();
      scheduler.fireNext(IDLE_MS);
    }
    await flush();
    expect(requests.slice(0, 4).map((r) => new URL(r.url).pathname)).toEqual([
      ...Array(3).fill("/api/v1/sdk/stream"),
      "/api/v1/sdk/payload",
    ]);
    expect(errors).toContain("fallback");
    await loop.stop();
  });

  it("backs off exponentially from a server that answers with an error", async () => {
    const { fetchFn } = scriptedFetch(() =>
      Response.json({ error: { code: "UNAUTHENTICATED", message: "no" } }, { status: 401 }),
    );
    const { loop, scheduler } = start(fetchFn);
    for (let i = 0; i < 5; i++) {
      await flush();
      scheduler.fireNext(IDLE_MS);
    }
    await flush();
    expect(scheduler.delays.filter((delay) => delay !== IDLE_MS).slice(0, 5)).toEqual([1_000, 2_000, 0, 4_000, 8_000]);
    await loop.stop();
  });

  it("backs off exponentially once the server has been unreachable for longer than the quick-probe window", async () => {
    const { fetchFn } = scriptedFetch(() => new TypeError("fetch failed"));
    const { loop, scheduler } = start(fetchFn, { fallbackAfterFailures: 1_000 });
    await flush();
    scheduler.fireNext(IDLE_MS);
    await flush();
    scheduler.nowValueMs += QUICK_PROBE_WINDOW_MS;
    for (let i = 0; i < 3; i++) {
      scheduler.fireNext(IDLE_MS);
      await flush();
    }
    expect(scheduler.delays.filter((delay) => delay !== IDLE_MS).slice(0, 5)).toEqual([500, 500, 1_000, 2_000, 4_000]);
    await loop.stop();
  });

  it("resumes the stream with Last-Event-ID and resets the backoff after a stream that delivered events", async () => {
    let call = 0;
    const { fetchFn, requests } = scriptedFetch(() => {
      call++;
      if (call === 1) return sse("event: payload\nid: 9\ndata: {}\n\n");
      if (call === 2) return new TypeError("fetch failed");
      return sse('event: patch\nid: 10\ndata: {"features":{}}\n\n');
    });
    const { loop, scheduler, applied } = start(fetchFn);
    for (let i = 0; i < 3; i++) {
      await flush();
      scheduler.fireNext(IDLE_MS);
    }
    await flush();
    expect(applied.slice(0, 2)).toEqual(["payload {}", 'patch {"features":{}}']);
    expect(requests.map((r) => r.headers["last-event-id"])).toEqual([undefined, "9", "9", "10"]);
    expect(requests[0]?.headers["authorization"]).toBe("Bearer key");
    // After the stream that ended: the hint; after the refused connection: a quick probe; then the hint again.
    expect(scheduler.delays.filter((delay) => delay !== IDLE_MS).slice(0, 3)).toEqual([1_000, 500, 1_000]);
    await loop.stop();
  });

  it("does not advance the event id past a rejected event", async () => {
    const { fetchFn, requests } = scriptedFetch(() =>
      sse("event: payload\nid: 1\ndata: {}\n\nevent: payload\nid: 2\ndata: garbage\n\n"),
    );
    const { loop, scheduler, errors } = start(fetchFn);
    await flush();
    scheduler.fireNext(IDLE_MS);
    await flush();
    expect(requests[1]?.headers["last-event-id"]).toBe("1");
    expect(errors).toContain("stream-data");
    await loop.stop();
  });

  it("polls with If-None-Match and treats 304 as nothing new", async () => {
    let call = 0;
    const { fetchFn, requests } = scriptedFetch(() => {
      call++;
      return call === 1 ? new Response("{}", { headers: { etag: '"e1"' } }) : new Response(null, { status: 304 });
    });
    const { loop, scheduler, applied } = start(fetchFn, { mode: "poll" });
    await flush();
    scheduler.fireNext(IDLE_MS);
    await flush();
    expect(applied).toEqual(["payload {}"]);
    expect(requests.map((r) => r.headers["if-none-match"])).toEqual([undefined, '"e1"']);
    expect(scheduler.delays).toEqual([30_000, 30_000]);
    await loop.stop();
  });

  it("reopens a stream that stays silent longer than the idle timeout", async () => {
    const { fetchFn, requests } = scriptedFetch(
      () =>
        new Response(
          new ReadableStream({ start: (c) => c.enqueue(new TextEncoder().encode("event: payload\ndata: {}\n\n")) }),
        ),
    );
    const { loop, scheduler, applied } = start(fetchFn, { idleTimeoutMs: 5_000 });
    await flush();
    expect(applied).toEqual(["payload {}"]);
    scheduler.fireNext();
    await flush();
    scheduler.fireNext(5_000);
    await flush();
    expect(requests).toHaveLength(2);
    await loop.stop();
  });
});

describe("UpdateLoop without live updates", () => {
  it("fetches the payload once and stops", async () => {
    const { fetchFn, requests } = scriptedFetch(() => new Response("{}", { headers: { etag: '"e1"' } }));
    const { loop, scheduler, applied } = start(fetchFn, { mode: "none" });
    await flush();
    expect(applied).toEqual(["payload {}"]);
    expect(requests.map((r) => new URL(r.url).pathname)).toEqual(["/api/v1/sdk/payload"]);
    expect(scheduler.timers.size).toBe(0);
    await loop.stop();
  });
});

describe("UpdateLoop returning from polling", () => {
  it("retries the stream once right after polling works, then only every streamRetryMs while streams keep failing", async () => {
    const { fetchFn, requests } = scriptedFetch((url) =>
      url.endsWith("/stream")
        ? new Response("bad gateway", { status: 502 })
        : new Response("{}", { headers: { etag: '"e"' } }),
    );
    const { loop, scheduler } = start(fetchFn, { pollIntervalMs: 30_000, streamRetryMs: 300_000 });
    for (let i = 0; i < 12; i++) {
      await flush();
      scheduler.fireNext(IDLE_MS);
    }
    await flush();
    const paths = requests.map((r) => (new URL(r.url).pathname.endsWith("stream") ? "S" : "P")).join("");
    expect(paths.startsWith("SSSPSSSPPPP")).toBe(true);
    expect(loop.polling).toBe(true);
    await loop.stop();
  });
});
