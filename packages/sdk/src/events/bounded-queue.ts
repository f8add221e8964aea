/** A fixed-capacity FIFO ring buffer that drops its oldest item to make room for a new one. */
export class BoundedQueue<T> {
  readonly #slots: (T | undefined)[];
  #head = 0;
  #length = 0;

  constructor(readonly capacity: number) {
    this.#slots = new Array<T | undefined>(Math.max(1, Math.floor(capacity)));
  }

  /** How many items wait. */
  get length(): number {
    return this.#length;
  }

  /** Appends the item; returns true when the oldest item was dropped to make room. */
  push(item: T): boolean {
    const size = this.#slots.length;
    if (this.#length === size) {
      this.#slots[this.#head] = item;
      this.#head = (this.#head + 1) % size;
      return true;
    }
    this.#slots[(this.#head + this.#length) % size] = item;
    this.#length++;
    return false;
  }

  /** Removes and returns up to `count` of the oldest items. */
  take(count: number): T[] {
    const size = this.#slots.length;
    const n = Math.min(count, this.#length);
    const items = new Array<T>(n);
    for (let i = 0; i < n; i++) {
      items[i] = this.#slots[this.#head] as T;
      this.#slots[this.#head] = undefined;
      this.#head = (this.#head + 1) % size;
    }
    this.#length -= n;
    return items;
  }
}
