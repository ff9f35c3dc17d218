/**
 * The Redis limiter when Redis is away (server/redis-client-limits.ts): a server whose Redis does
 * not answer still limits each address, counting in its own memory, and answers at once rather
 * than hanging the join or the code look-up. Redis here is a port nobody listens on, so the test
 * needs no Redis.
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { createRedisClientLimiter } from '../../server/redis-client-limits';

let redis: Redis;

beforeAll(async () => {
  // A port that was free a moment ago and is closed now: every connection is refused.
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  const port = typeof address === 'object' && address ? address.port : 1;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  redis = new Redis({ host: '127.0.0.1', port, maxRetriesPerRequest: 1, retryStrategy: () => 100 });
  redis.on('error', () => undefined);
});

afterAll(() => {
  redis?.disconnect();
});

describe('createRedisClientLimiter without a reachable Redis', () => {
  it('keeps every limit in memory and answers without waiting for Redis', async () => {
    const limiter = createRedisClientLimiter(redis, { limits: { create: { limit: 3, windowMs: 60_000 }, notFound: { limit: 2, windowMs: 60_000 } } });
    const t0 = performance.now();
    const creates = [];
    for (let i = 0; i < 5; i++) creates.push(await limiter.consume('create', '203.0.113.9'));
    expect(creates).toEqual([true, true, true, false, false]);
    // Another address has its own count.
    expect(await limiter.consume('create', '198.51.100.4')).toBe(true);

    expect(await limiter.exhausted('notFound', '203.0.113.9')).toBe(false);
    expect(await limiter.consume('notFound', '203.0.113.9')).toBe(true);
    expect(await limiter.consume('notFound', '203.0.113.9')).toBe(true);
    expect(await limiter.exhausted('notFound', '203.0.113.9')).toBe(true);
    // Ten calls, each refused by the not-ready check or the timeout: well under ten timeouts of waiting.
    expect(performance.now() - t0).toBeLessThan(10 * 250);
  });
});
