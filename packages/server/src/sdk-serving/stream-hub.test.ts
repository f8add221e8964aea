import { afterEach, describe, expect, it, vi } from "vitest";
import { FakeConfigStore } from "../store/fake-config-store.js";
import { PayloadService } from "./payload-service.js";
import type { StreamSubscriber } from "./stream-channel.js";
import { StreamHub } from "./stream-hub.js";
import { seedStore, setEnabled } from "./testing/sdk-test-support.js";

class RecordingSubscriber implements StreamSubscriber {
  readonly format = "switchboard" as const;
  writableLength = 0;
  destroyed = false;
  ended = false;
  readonly written: string[] = [];
  readonly buffers: Buffer[] = [];
  write(message: Buffer): void {
    this.written.push(message.toString());
    this.buffers.push(message);
  }
  end(message?: Buffer): void {
    if (message) this.written.push(message.toString());
    this.ended = true;
  }
  destroy(): void {
    this.destroyed = true;
  }
}

let hub: StreamHub | undefined;
afterEach(() => hub?.closeAll(0));

async function setup(): Promise<{ store: FakeConfigStore; hub: StreamHub }> {
  const store = new FakeConfigStore();
  await seedStore(store);
  hub = new StreamHub(new PayloadService(store), { heartbeatMs: 60_000, retryMs: 1000, maxBufferedBytes: 1000 });
  return { store, hub };
}

const request = {
  tokenId: "key-1",
  environment: "production",
  audience: "server",
  format: "switchboard",
  lastEventId: null,
} as const;
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

describe("StreamHub", () => {
  it("writes the same serialized message to every subscriber", async () => {
    const { store, hub } = await setup();
    const a = await hub.connect(request, () => new RecordingSubscriber());
    const b = await hub.connect(request, () => new RecordingSubscriber());
    await setEnabled(store, "new-checkout", false);
    await settle();
    const [aMessages, bMessages] = [(a as RecordingSubscriber).written, (b as RecordingSubscriber).written];
    // The retry hint, the full payload, the patch.
    expect(aMessages).toHaveLength(3);
    expect(aMessages[2]).toBe(bMessages[2]);
    expect(aMessages[2]).toMatch(/^event: patch\nid: \d+\ndata: /);
  });

  it("sends new streams of one version the same payload buffer, after the retry hint, not a copy each", async () => {
    const { hub } = await setup();
    const a = (await hub.connect(request, () => new RecordingSubscriber())) as RecordingSubscriber;
    const b = (await hub.connect(request, () => new RecordingSubscriber())) as RecordingSubscriber;
    expect(a.written[0]).toBe("retry: 1000\n\n");
    expect(a.written[1]).toMatch(/^event: payload\nid: \d+\ndata: \{/);
    expect(b.buffers[1]).toBe(a.buffers[1]);
  });

  it("works out what streams resuming from one id missed once, and sends a current one only the retry hint", async () => {
    const { store, hub } = await setup();
    const first = (await hub.connect(request, () => new RecordingSubscriber())) as RecordingSubscriber;
    const oldId = Number(/id: (\d+)/.exec(first.written[1] ?? "")?.[1]);
    // Two versions on: the channel's last step no longer starts at the old id, so the change log is read.
    await setEnabled(store, "new-checkout", false);
    await settle();
    await setEnabled(store, "new-checkout", true);
    await settle();
    const queries = vi.spyOn(store, "listChanges");
    const resumed = await Promise.all(
      Array.from({ length: 20 }, () =>
        hub.connect({ ...request, lastEventId: oldId }, () => new RecordingSubscriber()),
      ),
    );
    const messages = resumed.map((each) => (each as RecordingSubscriber).buffers[1]);
    expect(messages[0]?.toString()).toMatch(/^event: patch\nid: \d+\ndata: /);
    expect(messages.every((message) => message === messages[0])).toBe(true);
    expect(queries.mock.calls.length).toBeLessThanOrEqual(2);
    const currentId = Number(/id: (\d+)/.exec(messages[0]?.toString() ?? "")?.[1]);
    const current = (await hub.connect(
      { ...request, lastEventId: currentId },
      () => new RecordingSubscriber(),
    )) as RecordingSubscriber;
    expect(current.written).toEqual(["retry: 1000\n\n"]);
  });

  it("drops a slow subscriber instead of buffering without bound", async () => {
    const { store, hub } = await setup();
    const slow = new RecordingSubscriber();
    await hub.connect(request, () => slow);
    const fast = await hub.connect(request, () => new RecordingSubscriber());
    slow.writableLength = 5000;
    await setEnabled(store, "new-checkout", false);
    await settle();
    expect(slow.destroyed).toBe(true);
    expect(slow.written).toHaveLength(2);
    expect((fast as RecordingSubscriber).written).toHaveLength(3);
    expect(hub.size).toBe(1);
  });

  it("folds commits that arrive during a refresh into one more event, in order", async () => {
    const { store, hub } = await setup();
    const subscriber = (await hub.connect(request, () => new RecordingSubscriber())) as RecordingSubscriber;
    await setEnabled(store, "new-checkout", false);
    await setEnabled(store, "beta-banner", false);
    const last = await setEnabled(store, "new-checkout", true);
    await settle();
    const ids = subscriber.written.slice(2).map((message) => Number(/id: (\d+)/.exec(message)?.[1]));
    expect(ids.at(-1)).toBe(last);
    expect([...ids].sort((x, y) => x - y)).toEqual(ids);
  });

  it("ends every stream with the retry hint on closeAll and refuses new ones", async () => {
    const { hub } = await setup();
    const subscriber = (await hub.connect(request, () => new RecordingSubscriber())) as RecordingSubscriber;
    hub.closeAll(5000);
    expect(subscriber.ended).toBe(true);
    expect(subscriber.written.at(-1)).toBe("retry: 5000\n\n");
    await expect(hub.connect(request, () => new RecordingSubscriber())).rejects.toMatchObject({ code: "UNAVAILABLE" });
  });
});
