/**
 * A sliding-window counter per key: at most `limit` events per `windowMs`. Used for progress
 * messages (4/s per player, extras dropped) and joins per connection.
 */
import type { Clock } from './clock';

export interface RateLimiter {
  /** Records an event for `key` and says whether it is within the limit. */
  take(key: string): boolean;
  /** Forgets a key (a closed connection). */
  forget(key: string): void;
}

/**
 * @example const progress = createRateLimiter({ limit: 4, windowMs: 1000, clock }); if (!progress.take(playerId)) return;
 */
export function createRateLimiter(opts: { limit: number; windowMs: number; clock: Clock }): RateLimiter {
  const hits = new Map<string, number[]>();
  return {
    take(key: string): boolean {
      const now = opts.clock.now();
      const list = (hits.get(key) ?? []).filter((t) => t > now - opts.windowMs);
      if (list.length >= opts.limit) {
        hits.set(key, list);
        return false;
      }
      list.push(now);
      hits.set(key, list);
      return true;
    },
    forget(key: string): void {
      hits.delete(key);
    },
  };
}
