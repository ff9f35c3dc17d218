/**
 * The per-address limits kept in Redis (DESIGN.md section 3, issue 13), so an address that floods
 * one server and then another is limited across both: one rate-limiter-flexible `RateLimiterRedis`
 * per bucket, its counters under `tune-arena:limit:<bucket>:<address>`, shared by every server on
 * the Redis. `REDIS_URL` turns it on (server/main.ts); one process keeps the in-memory limiter.
 *
 * Redis keeps fixed windows of whole seconds (rate-limiter-flexible's atomic INCR with a TTL), not
 * the memory limiter's sliding window: an address may spend a bucket at the end of one window and
 * again at the start of the next, so its worst burst is twice the limit, never more per window.
 * Once an address is over a bucket, this process refuses it from memory until the window ends,
 * so a flood costs Redis one round trip per server and window, not one per event.
 *
 * Redis slow or away: each call waits at most `timeoutMs`, then the same limits are counted in
 * this process alone (the insurance limiter). A limit per server beats no limit, and a game
 * never stops because Redis hiccupped.
 */
import type { Redis } from 'ioredis';
import { RLWrapperTimeouts, RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { DEFAULT_CLIENT_LIMITS, type BucketLimit, type ClientLimiter, type LimitBucket } from './client-limits';

/** How long a limit check waits for Redis before counting in memory instead (ms). */
export const REDIS_LIMIT_TIMEOUT_MS = 250;

export interface RedisLimiterOptions {
  /** Overrides of `DEFAULT_CLIENT_LIMITS`. Windows are rounded to whole seconds (at least 1). */
  limits?: Partial<Record<LimitBucket, BucketLimit>>;
  /** Key prefix (default `tune-arena:limit`); tests use their own. */
  prefix?: string;
  /** Default `REDIS_LIMIT_TIMEOUT_MS`. */
  timeoutMs?: number;
}

interface Bucket {
  limiter: RLWrapperTimeouts;
  limit: number;
}

/**
 * A `ClientLimiter` on Redis. `redis` should fail fast while disconnected (server/cluster.ts's
 * `quick` connection: one retry per request); the limiter also checks that it is ready before
 * each command. Side effects: Redis keys that expire with their window.
 * @example const limiter = createRedisClientLimiter(cluster.quick, { limits: { join: { limit: 3000, windowMs: 60_000 } } });
 */
export function createRedisClientLimiter(redis: Redis, opts: RedisLimiterOptions = {}): ClientLimiter {
  const limits = { ...DEFAULT_CLIENT_LIMITS, ...opts.limits };
  const prefix = opts.prefix ?? 'tune-arena:limit';
  const timeoutMs = opts.timeoutMs ?? REDIS_LIMIT_TIMEOUT_MS;
  const buckets = Object.fromEntries(
    (Object.keys(limits) as LimitBucket[]).map((bucket): [LimitBucket, Bucket] => {
      const { limit, windowMs } = limits[bucket];
      const duration = Math.max(1, Math.round(windowMs / 1000));
      const keyPrefix = `${prefix}:${bucket}`;
      const store = new RateLimiterRedis({
        storeClient: redis,
        keyPrefix,
        points: limit,
        duration,
        // The first refused event blocks the address here for the rest of its window.
        inMemoryBlockOnConsumed: limit + 1,
        rejectIfRedisNotReady: true,
      });
      const insurance = new RateLimiterMemory({ keyPrefix, points: limit, duration });
      return [bucket, { limiter: new RLWrapperTimeouts({ limiter: store, timeoutMs, insuranceLimiter: insurance }), limit }];
    }),
  ) as Record<LimitBucket, Bucket>;

  return {
    async consume(bucket, key) {
      try {
        await buckets[bucket].limiter.consume(key);
        return true;
      } catch (e) {
        // Over the limit: the library rejects with the counter's state, anything else is a fault.
        if (e instanceof RateLimiterRes) return false;
        throw e;
      }
    },
    async exhausted(bucket, key) {
      const { limiter, limit } = buckets[bucket];
      const res = await limiter.get(key);
      return res !== null && res.consumedPoints >= limit;
    },
  };
}
