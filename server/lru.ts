/**
 * A tiny least-recently-used map. Workers keep the data of the last few rounds in it, so a burst of
 * submissions builds a round's hidden test set once, while old rounds do not pile up in memory.
 */

/**
 * LRU map with a fixed capacity (entries, not bytes).
 * @example const c = new LruCache<string, number>(2); c.set('a', 1); c.get('a'); // 1
 */
export class LruCache<K, V> {
  private readonly map = new Map<K, V>();

  constructor(private readonly capacity: number) {}

  /** Returns the value and marks it most recently used. */
  get(key: K): V | undefined {
    const v = this.map.get(key);
    if (v === undefined) return undefined;
    this.map.delete(key);
    this.map.set(key, v);
    return v;
  }

  /** Stores a value, evicting the least recently used entry when full. */
  set(key: K, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    while (this.map.size > this.capacity) {
      const oldest = this.map.keys().next();
      if (oldest.done) break;
      this.map.delete(oldest.value);
    }
  }

  /** Every value, least recently used first (does not change the order). */
  values(): IterableIterator<V> {
    return this.map.values();
  }

  delete(key: K): void {
    this.map.delete(key);
  }

  get size(): number {
    return this.map.size;
  }
}
