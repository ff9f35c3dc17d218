/**
 * The server's small building blocks: secrets (128 bits, hash-only, constant-time match), join
 * codes, the per-key serial queue, the leading+trailing throttle and the sliding-window limiter.
 */
import { describe, expect, it } from 'vitest';
import { hashSecret, newSecret, secretMatches } from '../../server/tokens';
import { newJoinCode } from '../../server/codes';
import { createKeyedQueue } from '../../server/queue';
import { createThrottle } from '../../server/throttle';
import { createRateLimiter } from '../../server/rate-limit';
import { createFakeClock } from '../../server/fake-clock';
import { CODE_ALPHABET } from '../../game/protocol';

describe('secrets', () => {
  it('carry 128 bits, are stored as SHA-256 hex, and match only themselves', () => {
    const a = newSecret();
    expect(a).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(new Set(Array.from({ length: 200 }, newSecret)).size).toBe(200);
    const h = hashSecret(a);
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(secretMatches(a, h)).toBe(true);
    expect(secretMatches(newSecret(), h)).toBe(false);
    expect(secretMatches(undefined, h)).toBe(false);
    expect(secretMatches('', h)).toBe(false);
  });

  it('join codes use the look-alike-free alphabet', () => {
    for (let i = 0; i < 100; i++) {
      const c = newJoinCode();
      expect(c).toHaveLength(6);
      for (const ch of c) expect(CODE_ALPHABET).toContain(ch);
    }
  });
});

describe('keyed queue', () => {
  it('runs tasks of one key one at a time, in order, even when one fails', async () => {
    const q = createKeyedQueue();
    const log: string[] = [];
    let running = 0;
    const task = (name: string, fail = false) => async () => {
      running++;
      expect(running).toBe(1);
      await new Promise((r) => setImmediate(r));
      log.push(name);
      running--;
      if (fail) throw new Error(name);
      return name;
    };
    const results = await Promise.allSettled([q.run('t', task('a')), q.run('t', task('b', true)), q.run('t', task('c'))]);
    expect(log).toEqual(['a', 'b', 'c']);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    await q.idle();
  });
});

describe('throttle', () => {
  it('fires at once, then once per interval with the latest callback', async () => {
    const clock = createFakeClock(0);
    const t = createThrottle(clock, 250);
    const fired: number[] = [];
    t.schedule('r', () => void fired.push(1));
    t.schedule('r', () => void fired.push(2));
    t.schedule('r', () => void fired.push(3));
    await clock.advance(0);
    expect(fired).toEqual([1]);
    await clock.advance(249);
    expect(fired).toEqual([1]);
    await clock.advance(1);
    expect(fired).toEqual([1, 3]);
    t.schedule('other', () => void fired.push(9));
    await clock.advance(0);
    expect(fired).toEqual([1, 3, 9]);
  });
});

describe('rate limiter', () => {
  it('allows `limit` events per window and forgets old ones', async () => {
    const clock = createFakeClock(0);
    const l = createRateLimiter({ limit: 4, windowMs: 1000, clock });
    expect([1, 2, 3, 4, 5].map(() => l.take('p'))).toEqual([true, true, true, true, false]);
    expect(l.take('q')).toBe(true);
    await clock.advance(1000);
    expect(l.take('p')).toBe(true);
  });
});

describe('per-key state does not outlive its window', () => {
  it('the rate limiter drops keys whose hits have all expired (players of past rounds)', async () => {
    const clock = createFakeClock(0);
    const l = createRateLimiter({ limit: 4, windowMs: 1000, clock });
    for (let i = 0; i < 500; i++) l.take(`player-${i}`);
    expect(l.size()).toBe(500);
    await clock.advance(5_000);
    l.take('late');
    expect(l.size()).toBe(1);
    // Dropping expired keys changes no answer.
    expect([1, 2, 3, 4, 5].map(() => l.take('late'))).toEqual([true, true, true, false, false]);
  });

  it('the throttle counts the interval from when an async run finished, so broadcasts stay spaced', async () => {
    const clock = createFakeClock(0);
    const t = createThrottle(clock, 250);
    let finish = (): void => undefined;
    const ranAt: number[] = [];
    // The first run awaits its payload (a database read) for 100 ms before it sends.
    t.schedule('r', () => new Promise<void>((resolve) => { ranAt.push(clock.now()); finish = resolve; }));
    await clock.advance(0);
    await clock.advance(10);
    t.schedule('r', () => void ranAt.push(clock.now()));
    await clock.advance(90);
    finish();
    await clock.advance(0); // the run's send completes at t = 100
    await clock.advance(150); // t = 250: only 150 ms after the first run finished
    expect(ranAt).toEqual([0]);
    await clock.advance(100); // t = 350: 250 ms after it finished
    expect(ranAt).toEqual([0, 350]);
  });

  it('the throttle drops keys whose interval has passed (rounds long closed)', async () => {
    const clock = createFakeClock(0);
    const t = createThrottle(clock, 250);
    for (let i = 0; i < 500; i++) t.schedule(`round-${i}`, () => undefined);
    expect(t.size()).toBe(500);
    await clock.advance(1_000);
    const fired: number[] = [];
    t.schedule('now', () => void fired.push(1));
    t.schedule('now', () => void fired.push(2));
    expect(t.size()).toBe(1);
    await clock.advance(250);
    expect(fired).toEqual([1, 2]);
  });
});
