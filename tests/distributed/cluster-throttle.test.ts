/**
 * The board throttle across servers, on a real Redis: two throttles (two servers) asked for one
 * round's board at the same moment send one board now and the other only once the round's gate
 * lapses, carrying the latest state asked for; other rounds are not held back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { createClusterThrottle } from '../../server/cluster-throttle';
import { systemClock } from '../../server/clock';
import { flushRedis } from './support/processes';

const REDIS = process.env.TEST_REDIS_URL ?? '';
const INTERVAL = 400;
let a: Redis;
let b: Redis;

beforeAll(async () => {
  await flushRedis(REDIS);
  a = new Redis(REDIS);
  b = new Redis(REDIS);
});

afterAll(() => {
  a?.disconnect();
  b?.disconnect();
});

describe('createClusterThrottle', () => {
  it('sends one board per round per interval across two servers, the later one with the latest state', async () => {
    const onA = createClusterThrottle(a, systemClock, INTERVAL, 'test:board:');
    const onB = createClusterThrottle(b, systemClock, INTERVAL, 'test:board:');
    const runs: { who: string; at: number }[] = [];
    let done: () => void = () => undefined;
    const both = new Promise<void>((resolve) => {
      done = resolve;
    });
    const record = (who: string) => () => {
      runs.push({ who, at: performance.now() });
      if (runs.length === 2) done();
    };
    const t0 = performance.now();
    onA.schedule('round-1', record('A'));
    onB.schedule('round-1', record('B stale'));
    // Asked again before B could send: B's board must carry this state, not the stale one.
    onB.schedule('round-1', record('B latest'));
    // Another round is never held back by round-1's gate.
    const other = new Promise<number>((resolve) => onB.schedule('round-2', () => resolve(performance.now())));
    await both;
    expect(runs.map((r) => r.who).sort()).toEqual(['A', 'B latest'].sort());
    const [first, second] = runs;
    expect(second.at - first.at).toBeGreaterThanOrEqual(INTERVAL * 0.9);
    expect((await other) - t0).toBeLessThan(second.at - t0);
    onA.cancelAll();
    onB.cancelAll();
  });
});
