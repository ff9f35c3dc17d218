/**
 * The leaderboard throttle across servers: each server keeps its own leading-and-trailing throttle
 * (server/throttle.ts), and before a run it must also take the round's gate in Redis
 * (`SET key NX PX interval`). A server that finds the gate taken runs once it lapses, computing
 * the payload then, so the broadcast still carries the latest state, and the whole cluster sends
 * about one board per round per interval instead of one per server. If Redis does not answer
 * within `GATE_TIMEOUT_MS` the run goes ahead: a board late or doubled beats a board lost.
 */
import type { Redis } from 'ioredis';
import type { Clock, TimerHandle } from './clock';
import { createThrottle, type Throttle } from './throttle';

const GATE_TIMEOUT_MS = 200;

/**
 * @param prefix names the gates (one per throttle kind), e.g. `tune-arena:board:`.
 * @example const boards = createClusterThrottle(redis, systemClock, 250, 'tune-arena:board:');
 */
export function createClusterThrottle(redis: Redis, clock: Clock, intervalMs: number, prefix: string): Throttle {
  const local = createThrottle(clock, intervalMs);
  const latest = new Map<string, () => void | Promise<void>>();
  const retries = new Map<string, TimerHandle>();

  const withTimeout = <T>(p: Promise<T>): Promise<T | 'timeout'> =>
    Promise.race([p, new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), GATE_TIMEOUT_MS).unref())]);

  const attempt = async (key: string): Promise<void> => {
    const fn = latest.get(key);
    if (!fn || retries.has(key)) return;
    const gate = `${prefix}${key}`;
    const taken = await withTimeout(redis.set(gate, '1', 'PX', intervalMs, 'NX')).catch(() => 'error' as const);
    if (taken !== null) {
      // 'OK', or Redis unreachable: run now.
      latest.delete(key);
      await fn();
      return;
    }
    const left = await withTimeout(redis.pttl(gate)).catch(() => intervalMs);
    const wait = typeof left === 'number' && left > 0 ? left : 1;
    retries.set(
      key,
      clock.setTimeout(() => {
        retries.delete(key);
        void attempt(key).catch(() => undefined);
      }, wait),
    );
  };

  return {
    schedule(key, fn) {
      latest.set(key, fn);
      local.schedule(key, () => attempt(key));
    },
    cancelAll() {
      local.cancelAll();
      for (const t of retries.values()) clock.clearTimeout(t);
      retries.clear();
      latest.clear();
    },
    size: () => new Set([...latest.keys(), ...retries.keys()]).size + local.size(),
  };
}
