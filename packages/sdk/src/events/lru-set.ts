/** A bounded set that forgets its least recently used key first (Map keeps insertion order). */
export class LruSet<K> {
  readonly #keys = new Map<K, true>();
  readonly #capacity: number;

  constructor(capacity: number) {
    this.#capacity = Math.max(1, Math.floor(capacity));
  }

  /** Adds the key and returns true when it was new; refreshes it and returns false when it was already there. */
  add(key: K): boolean {
    if (this.#keys.delete(key)) {
      this.#keys.set(key, true);
      return false;
    }
    this.#keys.set(key, true);
    if (this.#keys.size > this.#capacity) this.#evictOldest();
    return true;
  }

  /** How many keys are held. */
  get size(): number {
    return this.#keys.size;
  }

  #evictOldest(): void {
    const oldest = this.#keys.keys().next();
    if (oldest.done !== true) this.#keys.delete(oldest.value);
  }
}

/** A bounded map that forgets its least recently used entry first. */
export class LruCache<K, V> {
  readonly #entries = new Map<K, V>();
  readonly #capacity: number;

  constructor(capacity: number) {
    this.#capacity = Math.max(1, Math.floor(capacity));
  }

  /** The value for the key, marked as recently used; `undefined` when absent. */
  get(key: K): V | undefined {
    const value = this.#entries.get(key);
    if (value === undefined) return undefined;
    // Re-inserting moves the entry to the young end; skip it when it already is the youngest.
    this.#entries.delete(key);
    this.#entries.set(key, value);
    return value;
  }

  /** Stores the value, evicting the least recently used entry when over capacity. */
  set(key: K, value: V): void {
    this.#entries.delete(key);
    this.#entries.set(key, value);
    if (this.#entries.size > this.#capacity) {
      const oldest = this.#entries.keys().next();
      if (oldest.done !== true) this.#entries.delete(oldest.value);
    }
  }

  /** How many entries are held. */
  get size(): number {
    return this.#entries.size;
  }
}
