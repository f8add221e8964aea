import type { SdkPayload } from "@switchboard/core";
import type { PayloadCache } from "./client-types.js";

/** Writes payloads to a cache one at a time; while a write runs only the newest waiting payload is kept. */
export class CacheWriter {
  readonly #cache: PayloadCache;
  readonly #onError: (error: unknown) => void;
  #writing: Promise<void> | undefined;
  #pending: SdkPayload | undefined;

  constructor(cache: PayloadCache, onError: (error: unknown) => void) {
    this.#cache = cache;
    this.#onError = onError;
  }

  /** Queues `payload` for writing; never throws, failures go to `onError`. */
  write(payload: SdkPayload): void {
    this.#pending = payload;
    this.#writing ??= this.#drain();
  }

  /** Resolves when nothing is left to write. */
  async idle(): Promise<void> {
    await this.#writing;
  }

  async #drain(): Promise<void> {
    for (let next = this.#pending; next !== undefined; next = this.#pending) {
      this.#pending = undefined;
      try {
        await this.#cache.write(next);
      } catch (error) {
        this.#onError(error);
      }
    }
    this.#writing = undefined;
  }
}
