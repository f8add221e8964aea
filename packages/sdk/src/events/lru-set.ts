// Both classes evict with "second chance" (CLOCK), an approximation of least-recently-used: a hit only sets a flag
// on its entry, where exact LRU would delete and re-insert it, two hash operations on every hit of a hot path
// (exposure dedup and the user-agent cache run once per evaluation or request). On eviction, a flagged oldest
// entry has its flag cleared and moves to the young end instead of leaving.

/** A bounded set that forgets a key not seen since it last reached the old end first (approximately LRU). */
export class LruSet<K> {
  /** Key → seen again since it was inserted or last moved to the young end. */
  readonly #keys = new Map<K, boolean>();
  readonly #capacity: number;

  constructor(capacity: number) {
    this.#capacity = Math.max(1, Math.floor(capacity));
  }

  /** Adds the key and returns true when it was new; marks it as recently seen and returns false when it was there. */
  add(key: K): boolean {
    const seen = this.#keys.get(key);
    if (seen !== undefined) {
      if (!seen) this.#keys.set(key, true);
      return false;
    }
    this.#keys.set(key, false);
    if (this.#keys.size > this.#capacity) evictOne(this.#keys, isTrue, alwaysFalse);
    return true;
  }

  /** How many keys are held. */
  get size(): number {
    return this.#keys.size;
  }
}

interface CacheEntry<V> {
  value: V;
  used: boolean;
}

/** A bounded map that forgets an entry not used since it last reached the old end first (approximately LRU). */
export class LruCache<K, V> {
  readonly #entries = new Map<K, CacheEntry<V>>();
  readonly #capacity: number;

  constructor(capacity: number) {
    this.#capacity = Math.max(1, Math.floor(capacity));
  }

  /** The value for the key, marked as recently used; `undefined` when absent. */
  get(key: K): V | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    entry.used = true;
    return entry.value;
  }

  /** Stores the value, evicting an entry when over capacity. */
  set(key: K, value: V): void {
    const entry = this.#entries.get(key);
    if (entry !== undefined) {
      entry.value = value;
      entry.used = true;
      return;
    }
    this.#entries.set(key, { value, used: false });
    if (this.#entries.size > this.#capacity) {
      evictOne(this.#entries, wasUsed, unmarkEntry);
    }
  }

  /** How many entries are held. */
  get size(): number {
    return this.#entries.size;
  }
}

/** Removes the oldest entry not marked as used; marked ones met on the way lose their mark and move to the young end. */
function evictOne<K, V>(map: Map<K, V>, used: (value: V) => boolean, unmark: (value: V) => V): void {
  // Every entry is visited at most once before an unmarked one is found (each loses its mark when moved).
  for (let left = map.size; left > 0; left--) {
    const oldest = map.entries().next();
    if (oldest.done === true) return;
    const [key, value] = oldest.value;
    map.delete(key);
    if (!used(value)) return;
    map.set(key, unmark(value));
  }
  const oldest = map.keys().next();
  if (oldest.done !== true) map.delete(oldest.value);
}

const isTrue = (seen: boolean): boolean => seen;
const alwaysFalse = (): boolean => false;
const wasUsed = (entry: CacheEntry<unknown>): boolean => entry.used;
function unmarkEntry<V>(entry: CacheEntry<V>): CacheEntry<V> {
  entry.used = false;
  return entry;
}
