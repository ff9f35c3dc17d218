/**
 * Per-address limits in Redis (server/redis-client-limits.ts), two limiters as two servers would
 * hold them: what an address spent on one counts on the other, the window's end frees it on both,
 * and other addresses are untouched. The socket.io flood across two server processes is in
 * tests/distributed/cross-server.test.ts.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { createRedisClientLimiter } from '../../server/redis-client-limits';

const REDIS = process.env.TEST_REDIS_URL ?? '';
let a: Redis;
let b: Redis;

const ready = (r: Redis): Promise<void> => (r.status === 'ready' ? Promise.resolve() : new Promise((resolve) => r.once('ready', () => resolve())));

beforeAll(async () => {
  a = new Redis(REDIS, { maxRetriesPerRequest: 1 });
  b = new Redis(REDIS, { maxRetriesPerRequest: 1 });
  // Until a connection is ready the limiter counts in memory (its fallback), not in Redis.
  await Promise.all([ready(a), ready(b)]);
});

afterAll(() => {
  a?.disconnect();
  b?.disconnect();
});

describe('createRedisClientLimiter on one Redis', () => {
  it('limits an address across two servers and frees it on both when the window ends', async () => {
    // A prefix of its own: nothing of another run or test shares these counters.
    const prefix = `test:limit:${randomBytes(4).toString('hex')}`;
    const limits = { create: { limit: 4, windowMs: 2000 }, notFound: { limit: 3, windowMs: 60_000 } };
    const onA = createRedisClientLimiter(a, { prefix, limits });
    const onB = createRedisClientLimiter(b, { prefix, limits });
    const flooder = '203.0.113.7';

    expect([await onA.consume('create', flooder), await onA.consume('create', flooder), await onA.consume('create', flooder)]).toEqual([true, true, true]);
    // B has seen nothing of this address, yet only one event of the four is left.
    expect(await onB.consume('create', flooder)).toBe(true);
    expect(await onB.consume('create', flooder)).toBe(false);
    expect(await onA.consume('create', flooder)).toBe(false);
    expect(await onB.consume('create', '198.51.100.1')).toBe(true);

    // NOT_FOUND is counted on one server and checked on the other.
    for (let i = 0; i < 3; i++) expect(await onA.consume('notFound', flooder)).toBe(true);
    expect(await onB.exhausted('notFound', flooder)).toBe(true);
    expect(await onB.exhausted('notFound', '198.51.100.1')).toBe(false);

    // The window is Redis's key TTL. A and B each blocked the address in memory until it ends, so
    // the refused calls below cost Redis nothing; the first one let through opens a new window.
    const key = `${prefix}:create:${flooder}`;
    expect(await a.pttl(key)).toBeGreaterThan(0);
    const deadline = Date.now() + 30_000;
    while (!(await onA.consume('create', flooder))) {
      if (Date.now() > deadline) throw new Error('the window never ended');
      await new Promise<void>((resolve) => setTimeout(resolve, 50));
    }
    expect(await onB.consume('create', flooder)).toBe(true);
    expect(await a.get(key)).toBe('2');
  });
});
