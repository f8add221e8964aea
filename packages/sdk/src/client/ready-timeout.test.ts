import { describe, expect, it } from "vitest";
import type { ReadyState } from "./client-types.js";
import { browserPlatform, createClientOn } from "./create-client.js";
import { FakeScheduler, flush } from "./testing/fake-scheduler.js";

describe("ready() on a fake clock", () => {
  it("resolves with timedOut after exactly timeoutMs, then the client serves the payload that arrives later", async () => {
    const scheduler = new FakeScheduler();
    let answer: (() => void) | undefined;
    const fetchFn = (() =>
      new Promise<Response>((resolve) => {
        answer = () => resolve(new Response('{"features":{"x":{"defaultValue":true}}}'));
      })) as typeof fetch;
    const logs: string[] = [];
    const client = createClientOn(
      { ...browserPlatform, scheduler },
      { url: "http://sb.test", updates: "poll", fetch: fetchFn, logger: (line) => logs.push(line) },
    );
    let state: ReadyState | undefined;
    void client.ready({ timeoutMs: 1_500 }).then((s) => {
      state = s;
    });
    await flush();
    expect(state).toBeUndefined();
    expect(scheduler.delays).toContain(1_500);
    scheduler.fireNext();
    await flush();
    expect(state).toEqual({ source: "none", timedOut: true });
    expect(logs.join()).toMatch(/no payload within 1500 ms/);
    expect(client.isOn("x")).toBe(false);
    answer?.();
    await flush();
    expect(client.isOn("x")).toBe(true);
    expect(await client.ready()).toEqual({ source: "server", timedOut: false });
    await client.close();
  });
});
