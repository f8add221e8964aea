import { afterEach, describe, expect, it } from "vitest";
import { createClient } from "./create-client.js";
import { LocalStoragePayloadCache, localStorageCacheFor } from "./local-storage-cache.js";
import { validatingReader } from "./payload-reader.js";

/** An in-memory Storage, as browsers expose `localStorage`. */
class MemoryStorage implements Storage {
  readonly items = new Map<string, string>();
  get length() {
    return this.items.size;
  }
  clear() {
    this.items.clear();
  }
  getItem(key: string) {
    return this.items.get(key) ?? null;
  }
  key(index: number) {
    return [...this.items.keys()][index] ?? null;
  }
  removeItem(key: string) {
    this.items.delete(key);
  }
  setItem(key: string, value: string) {
    this.items.set(key, value);
  }
}

const payload = { features: { banner: { defaultValue: "blue" } } };
const globals = globalThis as { localStorage?: Storage };

afterEach(() => {
  delete globals.localStorage;
});

describe("the localStorage cache", () => {
  it("round-trips a payload under one entry per SDK key", async () => {
    const storage = new MemoryStorage();
    globals.localStorage = storage;
    const cache = localStorageCacheFor("sb_client_1", validatingReader);
    await cache?.write(payload);
    expect([...storage.items.keys()]).toEqual(["switchboard:payload:sb_client_1"]);
    expect(await cache?.read()).toEqual(payload);
    expect(await localStorageCacheFor("sb_client_2", validatingReader)?.read()).toBeUndefined();
  });

  it("is what cache: true means in a browser, and serves the cached payload", async () => {
    globals.localStorage = new MemoryStorage();
    await new LocalStoragePayloadCache(globals.localStorage, "switchboard:payload:k", validatingReader).write(payload);
    const client = createClient({ sdkKey: "k", cache: true });
    expect(await client.ready()).toEqual({ source: "cache", timedOut: false });
    expect(client.value("banner", "none")).toBe("blue");
  });

  it("is absent where there is no localStorage or reading it throws", () => {
    expect(localStorageCacheFor("k", validatingReader)).toBeUndefined();
    Object.defineProperty(globals, "localStorage", {
      configurable: true,
      get: () => {
        throw new Error("SecurityError");
      },
    });
    expect(localStorageCacheFor("k", validatingReader)).toBeUndefined();
  });
});
