import type { SdkPayload } from "@switchboard/core";
import type { PayloadCache } from "./client-types.js";
import type { PayloadReader } from "./payload-reader.js";

/** The browser's `PayloadCache`: the last good payload in `localStorage`, one entry per SDK key. */
export class LocalStoragePayloadCache implements PayloadCache {
  readonly #key: string;
  readonly #storage: Storage;

  readonly #reader: Pick<PayloadReader, "parse">;

  constructor(storage: Storage, key: string, reader: Pick<PayloadReader, "parse">) {
    this.#reader = reader;
    this.#storage = storage;
    this.#key = key;
  }

  async read(): Promise<SdkPayload | undefined> {
    const text = this.#storage.getItem(this.#key);
    return text === null ? undefined : this.#reader.parse(text);
  }

  async write(payload: SdkPayload): Promise<void> {
    this.#storage.setItem(this.#key, JSON.stringify(payload));
  }
}

/** `localStorage` when the platform has a usable one (not in Node, not when a privacy mode blocks it). */
export function localStorageCacheFor(sdkKey: string | undefined, reader: PayloadReader): PayloadCache | undefined {
  try {
    const storage = (globalThis as { localStorage?: Storage }).localStorage;
    if (storage === undefined) return undefined;
    return new LocalStoragePayloadCache(storage, `switchboard:payload:${sdkKey ?? "default"}`, reader);
  } catch {
    return undefined;
  }
}
