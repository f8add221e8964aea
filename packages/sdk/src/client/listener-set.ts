/** A list of listeners called in order, where one that throws never stops the others or the caller. */
export class ListenerSet<T> {
  #listeners: ((value: T) => void)[] = [];
  readonly #onError: (error: unknown) => void;

  constructor(onError: (error: unknown) => void) {
    this.#onError = onError;
  }

  get size(): number {
    return this.#listeners.length;
  }

  /** Adds a listener; the returned function removes it. */
  add(listener: (value: T) => void): () => void {
    // Copy on write: a listener that unsubscribes while being called does not disturb the running loop.
    this.#listeners = [...this.#listeners, listener];
    return () => {
      this.#listeners = this.#listeners.filter((other) => other !== listener);
    };
  }

  /** Calls every listener with `value`. */
  emit(value: T): void {
    const listeners = this.#listeners;
    for (let i = 0; i < listeners.length; i++) {
      try {
        (listeners[i] as (value: T) => void)(value);
      } catch (error) {
        this.#onError(error);
      }
    }
  }

  clear(): void {
    this.#listeners = [];
  }
}
