/**
 * A sliding-window counter per key: at most `limit` events per `windowMs`. Used for progress
 * messages (4/s per player, extras dropped) and joins per connection.
 */
import type { Clock } from './clock';

export interface RateLimiter {
  /** Records an event for `key` and says whether it is within the limit. */
  take(key: string): boolean;
  /** Hits of `key` inside the window now, without recording one. */
  count(key: string): number;
  /** Forgets a key (a closed connection). */
  forget(key: string): void;
  /** Keys with a hit inside the window, at most (diagnostics, tests). */
  size(): number;
}

/**
 * Keys whose hits have all left the window are dropped at most once per window, so a server that
 * sees thousands of players over its life keeps only the recent ones (a swept key behaves exactly
 * like one never seen).
 * @example const progress = createRateLimiter({ limit: 4, windowMs: 1000, clock }); if (!progress.take(playerId)) return;
 */
export function createRateLimiter(opts: { limit: number; windowMs: number; clock: Clock }): RateLimiter {
  const hits = new Map<string, number[]>();
  let lastSweep = Number.NEGATIVE_INFINITY;
  const sweep = (now: number): void => {
    if (now - lastSweep < opts.windowMs) return;
    lastSweep = now;
    for (const [key, list] of hits) if (list[list.length - 1] <= now - opts.windowMs) hits.delete(key);
  };
  return {
    take(key: string): boolean {
      const now = opts.clock.now();
      sweep(now);
      const list = (hits.get(key) ?? []).filter((t) => t > now - opts.windowMs);
      if (list.length >= opts.limit) {
        hits.set(key, list);
        return false;
      }
      list.push(now);
      hits.set(key, list);
      return true;
    },
    count(key: string): number {
      const now = opts.clock.now();
      return (hits.get(key) ?? []).filter((t) => t > now - opts.windowMs).length;
    },
    forget(key: string): void {
      hits.delete(key);
    },
    size: () => hits.size,
  };
}
