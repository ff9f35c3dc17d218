/**
 * A small priority queue for verification jobs: lower `priority` first, first-in first-out among
 * equal priorities. The pool keeps at most a few hundred waiting jobs, so a sorted insert into an
 * array is simpler than a heap and fast enough.
 */

interface Slot<T> {
  priority: number;
  seq: number;
  item: T;
}

/**
 * FIFO-stable priority queue.
 * @example const q = new PriorityQueue<string>(); q.push('low', 1); q.push('high', 0); q.shift(); // 'high'
 */
export class PriorityQueue<T> {
  private slots: Slot<T>[] = [];
  private seq = 0;

  /** Adds an item; 0 is the most urgent priority. */
  push(item: T, priority: number): void {
    const slot: Slot<T> = { priority, seq: this.seq++, item };
    // Insert after every slot of the same or a more urgent priority (stable).
    let i = this.slots.length;
    while (i > 0 && this.slots[i - 1].priority > priority) i--;
    this.slots.splice(i, 0, slot);
  }

  /** Removes and returns the most urgent item, or undefined when empty. */
  shift(): T | undefined {
    return this.slots.shift()?.item;
  }

  /**
   * Removes and returns the item `pick` chooses among those `accept` lets through: the most urgent
   * priority present wins, and `pick` (default: the oldest) breaks the tie within it.
   */
  take(accept: (item: T) => boolean, pick?: (candidates: T[]) => T): T | undefined {
    const allowed = this.slots.filter((s) => accept(s.item));
    if (allowed.length === 0) return undefined;
    const top = allowed.filter((s) => s.priority === allowed[0].priority);
    const chosen = pick ? pick(top.map((s) => s.item)) : top[0].item;
    const at = this.slots.findIndex((s) => s.item === chosen);
    this.slots.splice(at, 1);
    return chosen;
  }

  /** How many waiting items `accept` lets through. */
  count(accept: (item: T) => boolean): number {
    let n = 0;
    for (const s of this.slots) if (accept(s.item)) n++;
    return n;
  }

  /** Removes and returns every waiting item, most urgent first. */
  drain(): T[] {
    const items = this.slots.map((s) => s.item);
    this.slots = [];
    return items;
  }

  get size(): number {
    return this.slots.length;
  }
}
